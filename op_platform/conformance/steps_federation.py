"""Steps of the federation and zones areas: create, read, update a federation; subscribe to the
partner's zones and read them. (Deleting and unsubscribing are clean-up steps.)

Idempotency, as read from openapi/ewbi.yaml: every create documents ``409`` "Conflict with the
current state, e.g. a duplicate" beside its success code, and nothing else about a repeat. So a
repeated create may answer 409, or the success code with the same resource (same
federationContextId, same zone figures); a second, different resource is a finding
(``idempotency``).
"""

from __future__ import annotations

import uuid

from op_platform.conformance import bodies
from op_platform.conformance.findings import Finding
from op_platform.conformance.session import Abort, Session, Skip
from op_platform.models.ewbi import paths


def _federation_body(s: Session) -> dict[str, object]:
    body = s.state.get("federation_body")
    if body is None:
        orig = f"conformance-kit-{bodies.run_suffix()}"
        link = s.receiver.link("onPartnerStatusEvent")
        body = bodies.federation(orig, link, s.receiver.credentials(), s.options.profile)
        s.state["federation_body"] = body
    return body


async def create_federation(s: Session) -> None:
    exp = s.expect("onPartnerStatusEvent", "sent by the partner after CreateFederation")
    s.state["partner_status"] = exp
    call = await s.call("CreateFederation", paths.partner(), expect=(200,),
                        json_body=_federation_body(s))  # fmt: skip
    if call.status != 200:
        raise Abort("no federation: nothing else can be checked")
    body = call.json()
    location = call.response.headers.get("Location", "") if call.response else ""
    ctx = body.get("federationContextId") or _context_from(location)
    if not ctx:
        s.fail(Finding("required", "$.federationContextId", "present (or in Location)", "missing"))
        raise Abort("no federationContextId")
    s.state["ctx"] = ctx
    if location and not location.rstrip("/").endswith(paths.federation(ctx)):
        expected = "{apiRoot}" + paths.EWBI_ROOT + paths.federation(ctx)
        s.fail(Finding("header-value:Location", "$headers.Location", expected, location))
    zones = body.get("offeredAvailabilityZones") or []
    s.state["zones"] = [z["zoneId"] for z in zones if isinstance(z, dict) and "zoneId" in z]
    s.state["geo"] = {z.get("zoneId"): z.get("geolocation") for z in zones if isinstance(z, dict)}
    s.state["partner_id"] = body.get("partnerOPFederationId")
    s.state["country"] = body.get("partnerOPCountryCode") or "ZZ"


def _context_from(location: str) -> str | None:
    parts = location.rstrip("/").split("/")
    return parts[-2] if len(parts) >= 2 and parts[-1] == "partner" else None


async def partner_status_event(s: Session) -> None:
    await s.arrival(s.need("partner_status"))
    raise Skip("verdict in callback:onPartnerStatusEvent")


async def create_federation_again(s: Session) -> None:
    ctx = s.need("ctx")
    call = await s.call("CreateFederation", paths.partner(), expect=(200, 409),
                        json_body=_federation_body(s))  # fmt: skip
    again = call.json().get("federationContextId")
    if call.status == 200 and again and again != ctx:
        s.state.setdefault("extra_contexts", []).append(again)
        s.fail(Finding("idempotency", "$.federationContextId", f"{ctx} (or 409)", again))
    s.note("a repeated CreateFederation may answer 409 or 200 with the same federationContextId")


async def get_federation(s: Session) -> None:
    ctx = s.need("ctx")
    call = await s.call("GetFederationDetails", paths.federation(ctx), expect=(200,))
    zones = call.json().get("offeredAvailabilityZones")
    if isinstance(zones, list) and zones and not s.state.get("zones"):
        s.state["zones"] = [z.get("zoneId") for z in zones if isinstance(z, dict)]


async def get_unknown_federation(s: Session) -> None:
    await s.call("GetFederationDetails", paths.federation(f"kit-{uuid.uuid4()}"), expect=(404,))


async def update_federation(s: Session) -> None:
    ctx = s.need("ctx")
    await s.call("UpdateFederation", paths.federation(ctx), expect=(200,),
                 json_body=bodies.update_federation())  # fmt: skip


async def update_federation_invalid(s: Session) -> None:
    ctx = s.need("ctx")
    s.note("a body without objectType/operationType: the partner must refuse it with 400")
    body = {"modificationDate": bodies.now()}
    await s.call("UpdateFederation", paths.federation(ctx), expect=(400, 422), json_body=body,
                 check_request=False)  # fmt: skip


def _zones(s: Session) -> list[str]:
    zones = s.need("zones")
    if not zones:
        raise Skip("the partner offers no zones")
    return list(zones)


async def zone_subscribe(s: Session) -> None:
    ctx, zones = s.need("ctx"), _zones(s)
    wanted = set(zones)
    s.state["zone_event"] = s.expect(
        "onZoneResourceUpdateEvent",
        "sent for a subscribed zone after ZoneSubscribe",
        lambda body: body.get("zoneId") in wanted if "zoneId" in body else True,
    )
    body = {
        "acceptedAvailabilityZones": zones,
        "availZoneNotifLink": s.receiver.link("onZoneResourceUpdateEvent"),
    }
    s.state["zone_body"] = body
    call = await s.call("ZoneSubscribe", paths.zones(ctx), expect=(200,), json_body=body)
    if call.status == 200:
        s.state["subscribed"] = zones
        _flavour(s, call.json().get("acceptedZoneResourceInfo"))


def _flavour(s: Session, infos: object) -> None:
    for info in infos if isinstance(infos, list) else []:
        flavours = info.get("flavoursSupported") if isinstance(info, dict) else None
        if flavours and isinstance(flavours[0], dict) and "flavourId" in flavours[0]:
            s.state.setdefault("flavour", flavours[0]["flavourId"])


async def zone_event(s: Session) -> None:
    await s.arrival(s.need("zone_event"))
    raise Skip("verdict in callback:onZoneResourceUpdateEvent")


async def zone_subscribe_again(s: Session) -> None:
    ctx, _zones = s.need("ctx", "subscribed")
    await s.call(
        "ZoneSubscribe", paths.zones(ctx), expect=(200, 409), json_body=s.state["zone_body"]
    )
    s.note("a repeated ZoneSubscribe may answer 409 or 200 (the same subscription)")


async def get_zone_data(s: Session) -> None:
    ctx, zones = s.need("ctx", "subscribed")
    call = await s.call("GetZoneData", paths.zone(ctx, zones[0]), expect=(200,))
    _flavour(s, [call.json()])


async def get_unknown_zone(s: Session) -> None:
    ctx = s.need("ctx")
    await s.call(
        "GetZoneData", paths.zone(ctx, f"kit-unknown-{uuid.uuid4().hex[:8]}"), expect=(404,)
    )
