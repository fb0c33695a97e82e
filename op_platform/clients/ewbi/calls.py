"""Every EWBI request this OP can make to a partner, built from the standard's models.

One builder per operation (named after its operationId in snake case) returns an
:class:`EwbiCall`: the operation, the method, the path from the shared path helpers, the body
(a model, an upload form, or none) and how to read the answer. The same call is sent at once
(``EwbiClient.send``) or queued in the outbox (``EwbiClient.queued``) without changing shape, so a
queued request and a direct one cannot differ. Builders do no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel

from op_platform.clients.ewbi.answers import nothing, parsed
from op_platform.clients.ewbi.forms import UploadForm
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.applications import (
    AdditionalZonesRequest,
    ApplicationInfo,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbidRequest,
)
from op_platform.models.ewbi.artefacts import (
    ARTEFACT_FILE_PART,
    FILE_PART,
    ArtefactInfo,
    ArtefactUploadForm,
    FileInfo,
    FileUploadForm,
)
from op_platform.models.ewbi.discovery import CandidateZonesRequest, DiscoveredEdgeNodes
from op_platform.models.ewbi.federation import (
    FederationInfo,
    FederationRequestData,
    FederationResponseData,
    UpdateFederationRequest,
)
from op_platform.models.ewbi.lcm import (
    AllAppInstances,
    AppInstanceDetails,
    InstallAppRequest,
    InstallAppResponse,
)
from op_platform.models.ewbi.pools import (
    CreateResourcePoolsRequest,
    CreateResourcePoolsResponse,
    ResourcePools,
    UpdateISVResPoolRequest,
)
from op_platform.models.ewbi.variant import (
    VariantOnboardingRequest,
    VariantOnboardingResult,
    VariantOperationAccepted,
)
from op_platform.models.ewbi.zones import (
    ZoneRegisteredData,
    ZoneRegistrationRequestData,
    ZoneRegistrationResponseData,
)

A = TypeVar("A")
Body = BaseModel | UploadForm | None


@dataclass(frozen=True)
class EwbiCall(Generic[A]):
    operation: str  # the operationId
    method: str
    path: str  # relative to the EWBI root, from models.ewbi.paths
    body: Body
    answer: Callable[[httpx.Response], A]  # reads the partner's answer (field errors named)
    about: str = ""  # what the call is about, for error details (never a secret)

    @property
    def label(self) -> str:
        return f"{self.operation} of {self.about}" if self.about else self.operation


def _call(
    operation: str, method: str, path: str, body: Body, answer: Callable[[httpx.Response], A]
) -> EwbiCall[A]:
    return EwbiCall(operation, method, path, body, answer)


# -- federation and zones -----------------------------------------------------------------------


def create_federation(body: FederationRequestData) -> EwbiCall[FederationResponseData]:
    return _call("CreateFederation", "POST", paths.partner(), body, parsed(FederationResponseData))


def get_federation_details(ctx: str) -> EwbiCall[FederationInfo]:
    return _call("GetFederationDetails", "GET", paths.federation(ctx), None, parsed(FederationInfo))


def update_federation(ctx: str, body: UpdateFederationRequest) -> EwbiCall[FederationInfo]:
    return _call("UpdateFederation", "PATCH", paths.federation(ctx), body, parsed(FederationInfo))


def delete_federation_details(ctx: str) -> EwbiCall[None]:
    return _call("DeleteFederationDetails", "DELETE", paths.federation(ctx), None, nothing)


def zone_subscribe(
    ctx: str, body: ZoneRegistrationRequestData
) -> EwbiCall[ZoneRegistrationResponseData]:
    answer = parsed(ZoneRegistrationResponseData)
    return _call("ZoneSubscribe", "POST", paths.zones(ctx), body, answer)


def zone_unsubscribe(ctx: str, zone_id: str) -> EwbiCall[None]:
    return _call("ZoneUnsubscribe", "DELETE", paths.zone(ctx, zone_id), None, nothing)


def get_zone_data(ctx: str, zone_id: str) -> EwbiCall[ZoneRegisteredData]:
    answer = parsed(ZoneRegisteredData)
    return _call("GetZoneData", "GET", paths.zone(ctx, zone_id), None, answer)


# -- artefacts and files ----------------------------------------------------------------------


def upload_artefact(
    ctx: str, form: ArtefactUploadForm, file: bytes | None = None, filename: str = "artefact.zip"
) -> EwbiCall[None]:
    """UploadArtefact: the form, plus the artefact file when ``repoType`` is UPLOAD."""
    upload = UploadForm(form, ARTEFACT_FILE_PART, filename, file)
    return _call("UploadArtefact", "POST", paths.artefacts(ctx), upload, nothing)


def get_artefact(ctx: str, artefact_id: str) -> EwbiCall[ArtefactInfo]:
    answer = parsed(ArtefactInfo)
    return _call("GetArtefact", "GET", paths.artefact(ctx, artefact_id), None, answer)


def remove_artefact(ctx: str, artefact_id: str) -> EwbiCall[None]:
    return _call("RemoveArtefact", "DELETE", paths.artefact(ctx, artefact_id), None, nothing)


def upload_file(
    ctx: str, form: FileUploadForm, file: bytes | None = None, filename: str = "image.bin"
) -> EwbiCall[None]:
    """UploadFile: the form, plus the image itself when ``repoType`` is UPLOAD."""
    upload = UploadForm(form, FILE_PART, filename, file)
    return _call("UploadFile", "POST", paths.files(ctx), upload, nothing)


def view_file(ctx: str, file_id: str) -> EwbiCall[FileInfo]:
    return _call("ViewFile", "GET", paths.file(ctx, file_id), None, parsed(FileInfo))


def remove_file(ctx: str, file_id: str) -> EwbiCall[None]:
    return _call("RemoveFile", "DELETE", paths.file(ctx, file_id), None, nothing)


# -- applications -------------------------------------------------------------------------------


def onboard_application(ctx: str, body: OnboardApplicationRequest) -> EwbiCall[None]:
    return _call("OnboardApplication", "POST", paths.onboarding(ctx), body, nothing)


def update_application(ctx: str, app_id: str, body: UpdateApplicationRequest) -> EwbiCall[None]:
    path = paths.onboarded_app(ctx, app_id)
    return _call("UpdateApplication", "PATCH", path, body, nothing)


def view_application(ctx: str, app_id: str) -> EwbiCall[ApplicationInfo]:
    path = paths.onboarded_app(ctx, app_id)
    return _call("ViewApplication", "GET", path, None, parsed(ApplicationInfo))


def delete_app(ctx: str, app_id: str) -> EwbiCall[None]:
    """DeleteApp (extension): the app leaves every zone at the partner."""
    return _call("DeleteApp", "DELETE", paths.onboarded_app(ctx, app_id), None, nothing)


def deboard_application(ctx: str, app_id: str, zone_id: str) -> EwbiCall[None]:
    path = paths.onboarded_app_zone(ctx, app_id, zone_id)
    return _call("DeboardApplication", "DELETE", path, None, nothing)


def onboard_existing_app_new_zones(
    ctx: str, app_id: str, body: AdditionalZonesRequest
) -> EwbiCall[None]:
    path = paths.additional_zones(ctx, app_id)
    return _call("OnboardExistingAppNewZones", "POST", path, body, nothing)


def lock_unlock_application_zone(ctx: str, app_id: str, body: ZoneForbidRequest) -> EwbiCall[None]:
    path = paths.zone_forbid(ctx, app_id)
    return _call("LockUnlockApplicationZone", "POST", path, body, nothing)


def onboard_app_package_variant(
    ctx: str, target_network_id: str, application_type: str, body: VariantOnboardingRequest
) -> EwbiCall[VariantOnboardingResult | VariantOperationAccepted]:
    """The onboarding variant: 201 (the result so far) or 202 (the operation to follow)."""
    path = paths.app_packages(ctx, target_network_id, application_type)

    def answer(response: httpx.Response) -> VariantOnboardingResult | VariantOperationAccepted:
        if response.status_code == 201:
            return parsed(VariantOnboardingResult)(response)
        return parsed(VariantOperationAccepted)(response)

    return _call("OnboardAppPackageVariant", "POST", path, body, answer)


# -- instances, pools, discovery, roaming ------------------------------------------------------


def install_app(ctx: str, body: InstallAppRequest) -> EwbiCall[InstallAppResponse]:
    return _call("InstallApp", "POST", paths.lcm(ctx), body, parsed(InstallAppResponse))


def get_app_instance_details(
    ctx: str, app_id: str, instance_id: str, zone_id: str
) -> EwbiCall[AppInstanceDetails]:
    path = paths.app_instance(ctx, app_id, instance_id, zone_id)
    return _call("GetAppInstanceDetails", "GET", path, None, parsed(AppInstanceDetails))


def remove_app(ctx: str, app_id: str, instance_id: str, zone_id: str) -> EwbiCall[None]:
    path = paths.app_instance(ctx, app_id, instance_id, zone_id)
    return _call("RemoveApp", "DELETE", path, None, nothing)


def get_all_app_instances(ctx: str, app_id: str, app_provider_id: str) -> EwbiCall[AllAppInstances]:
    path = paths.app_instances(ctx, app_id, app_provider_id)
    return _call("GetAllAppInstances", "GET", path, None, parsed(AllAppInstances))


def create_resource_pools(
    ctx: str, zone_id: str, app_provider_id: str, body: CreateResourcePoolsRequest
) -> EwbiCall[CreateResourcePoolsResponse]:
    path = paths.resource_pools(ctx, zone_id, app_provider_id)
    answer = parsed(CreateResourcePoolsResponse)
    return _call("CreateResourcePools", "POST", path, body, answer)


def view_isv_res_pool(ctx: str, zone_id: str, app_provider_id: str) -> EwbiCall[ResourcePools]:
    path = paths.resource_pools(ctx, zone_id, app_provider_id)
    return _call("ViewISVResPool", "GET", path, None, parsed(ResourcePools))


def update_isv_res_pool(
    ctx: str, zone_id: str, app_provider_id: str, pool_id: str, body: UpdateISVResPoolRequest
) -> EwbiCall[None]:
    path = paths.resource_pool(ctx, zone_id, app_provider_id, pool_id)
    return _call("UpdateISVResPool", "PATCH", path, body, nothing)


def remove_isv_res_pool(
    ctx: str, zone_id: str, app_provider_id: str, pool_id: str
) -> EwbiCall[None]:
    path = paths.resource_pool(ctx, zone_id, app_provider_id, pool_id)
    return _call("RemoveISVResPool", "DELETE", path, None, nothing)


def get_candidate_zones(ctx: str, body: CandidateZonesRequest) -> EwbiCall[DiscoveredEdgeNodes]:
    answer = parsed(DiscoveredEdgeNodes)
    return _call("GetCandidateZones", "POST", paths.edge_discovery(ctx), body, answer)


def authenticate_device(ctx: str, device_id: str, auth_token: str) -> EwbiCall[None]:
    """AuthenticateDevice: the token travels in the path, as the standard has it."""
    path = paths.roaming_auth(ctx, device_id, auth_token)
    return EwbiCall("AuthenticateDevice", "GET", path, None, nothing, about=repr(device_id))


def queue_body(call: EwbiCall[Any]) -> tuple[bytes | BaseModel | None, dict[str, str]]:
    """The body and content type of a call as the outbox stores it."""
    if isinstance(call.body, UploadForm):
        content, content_type = call.body.encode()
        return content, {"Content-Type": content_type}
    if call.body is None:
        return None, {}
    return call.body, {"Content-Type": "application/json"}
