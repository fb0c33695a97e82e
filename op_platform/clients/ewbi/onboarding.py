"""Application onboarding calls to a partner OP (typed, with the standard's bodies).

OnboardApplication, UpdateApplication, ViewApplication, DeboardApplication, DeleteApp,
OnboardExistingAppNewZones, LockUnlockApplicationZone, and the op_target_systems onboarding
variant. Onboarding outcomes arrive later at ``appStatusCallbackLink``.
"""

from __future__ import annotations

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.applications import (
    AdditionalZonesRequest,
    ApplicationInfo,
    OnboardApplicationRequest,
    UpdateApplicationRequest,
    ZoneForbidRequest,
)
from op_platform.models.ewbi.variant import (
    ApplicationType,
    VariantOnboardingRequest,
    VariantOnboardingResult,
    VariantOperationAccepted,
)


async def onboard_application(
    client: EwbiClient, federation_context_id: str, body: OnboardApplicationRequest
) -> None:
    await client.request("POST", paths.onboarding(federation_context_id), json=wire(body))


async def update_application(
    client: EwbiClient, federation_context_id: str, app_id: str, body: UpdateApplicationRequest
) -> None:
    path = paths.onboarded_app(federation_context_id, app_id)
    await client.request("PATCH", path, json=wire(body))


async def view_application(
    client: EwbiClient, federation_context_id: str, app_id: str
) -> ApplicationInfo:
    response = await client.request("GET", paths.onboarded_app(federation_context_id, app_id))
    return client.parse(response, ApplicationInfo)


async def deboard_application(
    client: EwbiClient, federation_context_id: str, app_id: str, zone_id: str
) -> None:
    path = paths.onboarded_app_zone(federation_context_id, app_id, zone_id)
    await client.request("DELETE", path)


async def delete_app(client: EwbiClient, federation_context_id: str, app_id: str) -> None:
    """DeleteApp: the app leaves every zone at the partner."""
    await client.request("DELETE", paths.onboarded_app(federation_context_id, app_id))


async def onboard_existing_app_new_zones(
    client: EwbiClient, federation_context_id: str, app_id: str, body: AdditionalZonesRequest
) -> None:
    path = paths.additional_zones(federation_context_id, app_id)
    await client.request("POST", path, json=wire(body))


async def lock_unlock_zone(
    client: EwbiClient, federation_context_id: str, app_id: str, body: ZoneForbidRequest
) -> None:
    """LockUnlockApplicationZone: forbid (or allow again) new instances of the app per zone."""
    path = paths.zone_forbid(federation_context_id, app_id)
    await client.request("POST", path, json=wire(body))


async def onboard_app_package_variant(
    client: EwbiClient,
    federation_context_id: str,
    target_network_id: str,
    application_type: ApplicationType,
    body: VariantOnboardingRequest,
) -> VariantOnboardingResult | VariantOperationAccepted:
    """The onboarding variant: 201 (onboarded, the result) or 202 (follow the operation)."""
    path = paths.app_packages(federation_context_id, target_network_id, application_type.value)
    response = await client.request("POST", path, json=wire(body))
    if response.status_code == 201:
        return client.parse(response, VariantOnboardingResult)
    return client.parse(response, VariantOperationAccepted)
