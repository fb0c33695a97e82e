"""Application instance calls to a partner OP: InstallApp, GetAppInstanceDetails, RemoveApp,
GetAllAppInstances (typed, with the standard's bodies). Instance states arrive later at
``appInstCallbackLink``."""

from __future__ import annotations

from op_platform.clients.ewbi.base import EwbiClient, wire
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.lcm import (
    AllAppInstances,
    AppInstanceDetails,
    InstallAppRequest,
    InstallAppResponse,
)


async def install_app(
    client: EwbiClient, federation_context_id: str, body: InstallAppRequest
) -> InstallAppResponse:
    """InstallApp (202): the zone and the partner's identifier of the new instance."""
    response = await client.request("POST", paths.lcm(federation_context_id), json=wire(body))
    return client.parse(response, InstallAppResponse)


async def get_app_instance_details(
    client: EwbiClient, federation_context_id: str, app_id: str, instance_id: str, zone_id: str
) -> AppInstanceDetails:
    path = paths.app_instance(federation_context_id, app_id, instance_id, zone_id)
    return client.parse(await client.request("GET", path), AppInstanceDetails)


async def remove_app(
    client: EwbiClient, federation_context_id: str, app_id: str, instance_id: str, zone_id: str
) -> None:
    path = paths.app_instance(federation_context_id, app_id, instance_id, zone_id)
    await client.request("DELETE", path)


async def get_all_app_instances(
    client: EwbiClient, federation_context_id: str, app_id: str, app_provider_id: str
) -> AllAppInstances:
    """The app's instances zone by zone (the partner answers 404 when there are none)."""
    path = paths.app_instances(federation_context_id, app_id, app_provider_id)
    return client.parse(await client.request("GET", path), AllAppInstances)
