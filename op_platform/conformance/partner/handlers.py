"""The partner's handler of every operation of the contract, by operationId (one table)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from op_platform.conformance.partner import handlers_apps as apps
from op_platform.conformance.partner import handlers_federation as fed
from op_platform.conformance.partner import handlers_lcm as lcm
from op_platform.conformance.partner.exchange import Answer, Call

Handler = Callable[[Call], Awaitable[Answer]]

HANDLERS: dict[str, Handler] = {
    "CreateFederation": fed.create_federation,
    "GetFederationDetails": fed.get_federation,
    "UpdateFederation": fed.update_federation,
    "DeleteFederationDetails": fed.delete_federation,
    "ZoneSubscribe": fed.zone_subscribe,
    "ZoneUnsubscribe": fed.zone_unsubscribe,
    "GetZoneData": fed.get_zone_data,
    "UploadArtefact": apps.upload_artefact,
    "GetArtefact": apps.get_artefact,
    "RemoveArtefact": apps.remove_artefact,
    "UploadFile": apps.upload_file,
    "RemoveFile": apps.remove_file,
    "ViewFile": apps.view_file,
    "OnboardApplication": apps.onboard_application,
    "UpdateApplication": apps.update_application,
    "ViewApplication": apps.view_application,
    "DeleteApp": apps.delete_app,
    "DeboardApplication": apps.deboard_application,
    "OnboardExistingAppNewZones": apps.additional_zones,
    "LockUnlockApplicationZone": apps.lock_unlock_zone,
    "InstallApp": lcm.install_app,
    "GetAppInstanceDetails": lcm.get_instance,
    "RemoveApp": lcm.remove_instance,
    "GetAllAppInstances": lcm.all_instances,
    "CreateResourcePools": lcm.create_pool,
    "ViewISVResPool": lcm.view_pools,
    "UpdateISVResPool": lcm.update_pool,
    "RemoveISVResPool": lcm.remove_pool,
    "GetCandidateZones": lcm.candidate_zones,
    "AuthenticateDevice": lcm.authenticate_device,
    "OnboardAppPackageVariant": lcm.not_offered,
}
