"""Route table of the EWBI (GSMA OPG.04 Federation Management): one row per operationId, its
method and path taken from the shared path helpers (``models.ewbi.paths.OPERATIONS``)."""

from __future__ import annotations

from aiohttp import web

from op_platform.api.bearer_auth import require_scopes
from op_platform.api.ewbi import (
    app_deployment,
    app_onboarding,
    artefact_management,
    edge_node_sharing,
    federation_management,
    file_management,
    package_variant,
    resource_management,
    roaming_auth,
    zone_sync,
)
from op_platform.api.routing import Handler, add_routes, from_operations
from op_platform.models.ewbi.paths import OPERATIONS

HANDLERS: dict[str, Handler] = {
    "CreateFederation": federation_management.create_federation,
    "GetFederationDetails": federation_management.get_federation,
    "UpdateFederation": federation_management.update_federation,
    "DeleteFederationDetails": federation_management.delete_federation,
    "ZoneSubscribe": zone_sync.zone_subscribe,
    "ZoneUnsubscribe": zone_sync.zone_unsubscribe,
    "GetZoneData": zone_sync.get_zone_data,
    "UploadArtefact": artefact_management.upload_artefact,
    "GetArtefact": artefact_management.get_artefact,
    "RemoveArtefact": artefact_management.remove_artefact,
    "UploadFile": file_management.upload_file,
    "ViewFile": file_management.view_file,
    "RemoveFile": file_management.remove_file,
    "OnboardApplication": app_onboarding.onboard_application,
    "UpdateApplication": app_onboarding.update_application,
    "ViewApplication": app_onboarding.view_application,
    "DeleteApp": app_onboarding.delete_app,
    "DeboardApplication": app_onboarding.deboard_application,
    "OnboardExistingAppNewZones": app_onboarding.additional_zones,
    "LockUnlockApplicationZone": app_onboarding.zone_forbid,
    "InstallApp": app_deployment.install_app,
    "GetAppInstanceDetails": app_deployment.get_app_instance_details,
    "RemoveApp": app_deployment.remove_app,
    "GetAllAppInstances": app_deployment.get_all_app_instances,
    "CreateResourcePools": resource_management.create_resource_pools,
    "ViewISVResPool": resource_management.view_isv_res_pool,
    "UpdateISVResPool": resource_management.update_isv_res_pool,
    "RemoveISVResPool": resource_management.remove_isv_res_pool,
    "GetCandidateZones": edge_node_sharing.get_candidate_zones,
    "AuthenticateDevice": roaming_auth.authenticate_device,
    "OnboardAppPackageVariant": package_variant.onboard_variant,
}
ROUTES = from_operations(OPERATIONS, HANDLERS)


def setup(app: web.Application) -> None:
    """Add this interface's routes; operations of its spec not routed here answer 501."""
    app.middlewares.append(require_scopes("fed-mgmt", partner=True))
    add_routes(app, ROUTES)
