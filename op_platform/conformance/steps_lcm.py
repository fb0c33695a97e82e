"""Steps of the instances, pools, discovery and roaming areas.

An instance is installed on the first zone the application was onboarded on, with the first
flavour the zone supports, and followed through ``onInstanceStatusEvent`` until READY; a pool
is reserved on the first subscribed zone and granted through ``onResourceStatusChangeEvent``.
AuthenticateDevice needs a device the partner knows (``--device-id`` and its token); without
one it is checked with an unknown device, which must be refused (401 or 404).
"""

from __future__ import annotations

import secrets
from typing import Any

from op_platform.conformance import bodies
from op_platform.conformance.session import Session, Skip
from op_platform.models.ewbi import paths


def _flavour(s: Session) -> str:
    flavour = s.options.flavour or s.state.get("flavour")
    if not flavour:
        raise Skip("the partner reported no supported flavour for its zones")
    return str(flavour)


async def install_app(s: Session) -> None:
    ctx, app_id, zones = s.need("ctx", "app_id", "onboarded_zones")
    body = bodies.install(app_id, zones[0], _flavour(s), s.receiver.link("onInstanceStatusEvent"))
    call = await s.call("InstallApp", paths.lcm(ctx), expect=(202,), json_body=body)
    instance = call.json().get("appInstIdentifier")
    if call.status == 202 and instance:
        s.state["instance"] = (instance, zones[0])

        def ready(event: Any) -> bool:
            state = event.get("appInstanceInfo", {}).get("appInstanceState")
            return event.get("appInstIdentifier") == instance and state in ("READY", "FAILED")

        s.state["instance_event"] = s.expect("onInstanceStatusEvent", f"{instance} READY", ready)


async def instance_ready(s: Session) -> None:
    got = await s.arrival(s.need("instance_event"))
    if got is not None and got.body["appInstanceInfo"]["appInstanceState"] == "READY":
        s.state["ready"] = True
    raise Skip("verdict in callback:onInstanceStatusEvent")


async def get_instance(s: Session) -> None:
    ctx, app_id, (instance, zone) = s.need("ctx", "app_id", "instance")
    await s.call(
        "GetAppInstanceDetails", paths.app_instance(ctx, app_id, instance, zone), expect=(200,)
    )


async def get_all_instances(s: Session) -> None:
    ctx, app_id, _instance = s.need("ctx", "app_id", "instance")
    path = paths.app_instances(ctx, app_id, bodies.PROVIDER)
    await s.call("GetAllAppInstances", path, expect=(200,))


async def create_pool(s: Session) -> None:
    ctx, zones = s.need("ctx", "subscribed")
    zone, flavour = zones[0], _flavour(s)
    name = f"kit_pool_{bodies.run_suffix()}"
    body = bodies.pool(name, flavour, s.receiver.link("onResourceStatusChangeEvent"))
    path = paths.resource_pools(ctx, zone, bodies.PROVIDER)
    s.state["pool_event"] = s.expect(
        "onResourceStatusChangeEvent", f"pool {name} granted", lambda b: b.get("zoneId") == zone
    )
    call = await s.call("CreateResourcePools", path, expect=(200,), json_body=body)
    pool_id = call.json().get("poolId")
    if call.status == 200 and pool_id:
        s.state["pool"] = (str(pool_id), zone, flavour)


async def pool_granted(s: Session) -> None:
    await s.arrival(s.need("pool_event"))
    raise Skip("verdict in callback:onResourceStatusChangeEvent")


async def view_pools(s: Session) -> None:
    ctx, (_pool, zone, _flavour) = s.need("ctx", "pool")
    await s.call("ViewISVResPool", paths.resource_pools(ctx, zone, bodies.PROVIDER), expect=(200,))


async def update_pool(s: Session) -> None:
    ctx, (pool, zone, flavour) = s.need("ctx", "pool")
    body = [{"updateType": "ADD", "flavourId": flavour, "count": 2}]
    path = paths.resource_pool(ctx, zone, bodies.PROVIDER, pool)
    await s.call("UpdateISVResPool", path, expect=(200,), json_body=body)


async def candidate_zones(s: Session) -> None:
    ctx, app_id, zones = s.need("ctx", "app_id", "onboarded_zones")
    geo = (s.state.get("geo") or {}).get(zones[0])
    body = bodies.candidate_zones(app_id, geo)
    await s.call("GetCandidateZones", paths.edge_discovery(ctx), expect=(200,), json_body=body)


async def authenticate_device(s: Session) -> None:
    ctx = s.need("ctx")
    device, token = s.options.device_id, s.options.device_token
    if device and token:
        s.secrets.append(token)
        await s.call("AuthenticateDevice", paths.roaming_auth(ctx, device, token), expect=(200,))
        return
    device, token = f"kit_device_{secrets.token_hex(4)}", secrets.token_urlsafe(16)
    s.secrets.append(token)
    s.note("no --device-id given: checked that an unknown device is refused (401 or 404)")
    await s.call("AuthenticateDevice", paths.roaming_auth(ctx, device, token), expect=(401, 404))
