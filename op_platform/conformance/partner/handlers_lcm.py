"""Instances, resource pools, edge discovery, device authentication and the variant (not
offered: 501) of the partner."""

from __future__ import annotations

from op_platform.conformance.partner import wire
from op_platform.conformance.partner.exchange import Answer, Call, Problem, found
from op_platform.conformance.partner.handlers_federation import subscribed_zone
from op_platform.conformance.partner.store import FLAVOUR, new_id

STEP = 0.05


def _onboarded(call: Call, app_id: str, zone: str) -> None:
    found(call.federation.apps, app_id, "application")
    if call.federation.app_zones.get(app_id, {}).get(zone) != "ONBOARDED":
        raise Problem(422, f"the application is not onboarded on zone {zone!r}", "NOT_ONBOARDED")


def _flavour(flavour: str, param: str) -> None:
    if flavour != FLAVOUR:
        invalid = [{"param": param, "reason": f"zones here offer {FLAVOUR} only"}]
        raise Problem(422, f"flavour {flavour!r} is not offered", "UNSUPPORTED_FLAVOUR", invalid)


async def install_app(call: Call) -> Answer:
    fed, body = call.federation, call.body
    zone = body["zoneInfo"]["zoneId"]
    _onboarded(call, body["appId"], zone)
    _flavour(body["zoneInfo"]["flavourId"], "zoneInfo.flavourId")
    instance = {"id": new_id("inst"), "appId": body["appId"], "zoneId": zone,
                "provider": body["appProviderId"], "link": body["appInstCallbackLink"]}  # fmt: skip
    fed.instances[instance["id"]] = instance
    for state, delay in (("PENDING", STEP), ("READY", 2 * STEP)):
        event = wire.instance_event(fed, instance, state, call.base_url)
        call.notify(fed, "onInstanceStatusEvent", instance["link"], event, delay)
    return Answer(202, {"zoneId": zone, "appInstIdentifier": instance["id"]})


def _instance(call: Call) -> dict[str, str]:
    instance: dict[str, str] = found(
        call.federation.instances, call.param("appInstanceId"), "instance"
    )
    if (instance["appId"], instance["zoneId"]) != (call.param("appId"), call.param("zoneId")):
        raise Problem(404, "no such instance of this application on this zone", "NOT_FOUND")
    return instance


async def get_instance(call: Call) -> Answer:
    _instance(call)
    return Answer(
        200, {"appInstanceState": "READY", "accesspointInfo": wire.access_points(call.base_url)}
    )


async def remove_instance(call: Call) -> Answer:
    del call.federation.instances[_instance(call)["id"]]
    return Answer(200)


async def all_instances(call: Call) -> Answer:
    app_id, provider = call.param("appId"), call.param("appProviderId")
    zones: dict[str, list[dict[str, str]]] = {}
    for instance in call.federation.instances.values():
        if instance["appId"] == app_id and instance["provider"] == provider:
            state = {"appInstIdentifier": instance["id"], "appInstanceState": "READY"}
            zones.setdefault(instance["zoneId"], []).append(state)
    if not zones:
        raise Problem(404, f"no instance of {app_id!r} for {provider!r}", "NOT_FOUND")
    return Answer(200, [{"zoneId": z, "appInstanceInfo": i} for z, i in zones.items()])


async def create_pool(call: Call) -> Answer:
    fed, request = call.federation, call.body["resRequest"]
    zone = subscribed_zone(call)
    for index, flavour in enumerate(request["flavours"]):
        _flavour(flavour["flavourId"], f"resRequest.flavours[{index}].flavourId")
    pool = {"id": new_id("pool"), "zone": zone, "provider": call.param("appProviderId"),
            "name": request["poolName"], "duration": request["reserveDuration"],
            "flavours": {f["flavourId"]: f["numFlavour"] for f in request["flavours"]}}  # fmt: skip
    fed.pools[pool["id"]] = pool
    granted = [{"flavourId": k, "numFlavour": v} for k, v in pool["flavours"].items()]
    event = {"federationContextId": fed.context_id, "appProviderId": pool["provider"],
             "zoneId": zone, "poolId": pool["id"], "grantedFlavours": granted}  # fmt: skip
    call.notify(fed, "onResourceStatusChangeEvent", call.body["resourceReservationCallbackLink"],
                event, STEP)  # fmt: skip
    return Answer(200, {"poolName": pool["name"], "poolId": pool["id"]})


async def view_pools(call: Call) -> Answer:
    zone, provider = subscribed_zone(call), call.param("appProviderId")
    pools = [
        p for p in call.federation.pools.values() if (p["zone"], p["provider"]) == (zone, provider)
    ]
    return Answer(200, [
        {"poolName": p["name"], "reservedPoolId": p["id"], "reserveDuration": p["duration"],
         "reservedFlavours": [{"flavourId": k, "count": v} for k, v in p["flavours"].items()]}
        for p in pools
    ])  # fmt: skip


def _pool(call: Call) -> dict[str, object]:
    subscribed_zone(call)
    return dict(found(call.federation.pools, call.param("poolId"), "pool"))


async def update_pool(call: Call) -> Answer:
    pool = call.federation.pools[str(_pool(call)["id"])]
    for update in call.body:
        if update["updateType"] in ("ADD", "REMOVE"):
            _flavour(update["flavourId"], "flavourId")
            pool["flavours"][update["flavourId"]] = update["count"]
    return Answer(200)


async def remove_pool(call: Call) -> Answer:
    del call.federation.pools[str(_pool(call)["id"])]
    return Answer(200)


async def candidate_zones(call: Call) -> Answer:
    app_id = call.body["appId"]
    zones = call.federation.app_zones.get(app_id)
    if not zones:
        raise Problem(404, f"application {app_id!r} is onboarded on no zone", "NOT_FOUND")
    point = wire.endpoint(call.base_url)
    return Answer(200, [{"zoneId": z, "latencyServiceEndPoints": point} for z in zones])


async def authenticate_device(call: Call) -> Answer:
    raise Problem(404, "this partner knows no roaming device", "DEVICE_NOT_FOUND")


async def not_offered(call: Call) -> Answer:
    raise Problem(501, "this partner does not offer the onboarding variant", "NOT_IMPLEMENTED")
