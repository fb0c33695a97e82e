"""Federation and zone operations of the partner: CreateFederation ... ZoneUnsubscribe."""

from __future__ import annotations

from typing import Any

from op_platform.conformance.partner import wire
from op_platform.conformance.partner.exchange import Answer, Call, Problem
from op_platform.conformance.partner.store import ZONES
from op_platform.models.ewbi import paths

OFFERED = {zone["zoneId"] for zone in ZONES}


async def create_federation(call: Call) -> Answer:
    if call.store.by_origin(call.client_id, call.body.get("origOPFederationId")) is not None:
        raise Problem(409, "a federation with this origOPFederationId exists", "FEDERATION_EXISTS")
    fed = call.store.create(call.client_id, call.body)
    body = {
        "partnerOPFederationId": call.operator_id,
        "partnerOPCountryCode": "ZZ",
        "federationContextId": fed.context_id,
        "edgeDiscoveryServiceEndPoint": wire.endpoint(call.base_url),
        "lcmServiceEndPoint": wire.endpoint(call.base_url),
        "partnerOPMobileNetworkCodes": {"mcc": "999", "mncs": ["99"]},
        "offeredAvailabilityZones": list(ZONES),
    }
    status = {
        "federationContextId": fed.context_id,
        "objectType": "FEDERATION",
        "operationType": "STATUS",
        "federationStatus": "AVAILABLE",
        "modificationDate": wire.now(),
    }
    call.notify(fed, "onPartnerStatusEvent", fed.notification_link, status, 0.0)
    location = paths.federation_location(call.base_url, fed.context_id)
    return Answer(200, body, {"Location": location})


async def get_federation(call: Call) -> Answer:
    return Answer(200, wire.federation_info(call.federation, call.base_url))


def _codes(current: Any, add: Any, remove: Any) -> Any:
    if isinstance(current, dict) or isinstance(add, dict):
        mncs = set((current or {}).get("mncs", [])) | set((add or {}).get("mncs", []))
        mncs -= set((remove or {}).get("mncs", []))
        mcc = (add or current or {}).get("mcc")
        return {"mcc": mcc, "mncs": sorted(mncs)} if mncs else None
    codes = (set(current or []) | set(add or [])) - set(remove or [])
    return sorted(codes) or None


async def update_federation(call: Call) -> Answer:
    fed, body = call.federation, call.body
    if body["objectType"] == "MOBILE_NETWORK_CODES":
        fed.mobile = _codes(
            fed.mobile, body.get("addMobileNetworkIds"), body.get("removeMobileNetworkIds")
        )
    else:
        fed.fixed = _codes(
            fed.fixed, body.get("addFixedNetworkIds"), body.get("removeFixedNetworkIds")
        )
    return Answer(200, wire.federation_info(fed, call.base_url))


async def delete_federation(call: Call) -> Answer:
    del call.store.federations[call.federation.context_id]
    return Answer(200)


async def zone_subscribe(call: Call) -> Answer:
    fed, zones = call.federation, call.body["acceptedAvailabilityZones"]
    unknown = [z for z in zones if z not in OFFERED]
    if unknown:
        invalid = [{"param": "acceptedAvailabilityZones", "reason": f"not offered: {unknown}"}]
        raise Problem(422, "zones not offered in this federation", "UNKNOWN_ZONE", invalid)
    link = call.body["availZoneNotifLink"]
    taken = [z for z in zones if fed.subscriptions.get(z, link) != link]
    if taken:
        raise Problem(409, f"zones {taken} are subscribed with another link", "ALREADY_SUBSCRIBED")
    for zone in zones:
        fed.subscriptions[zone] = link
        call.notify(fed, "onZoneResourceUpdateEvent", link, wire.zone_event(fed, zone), 0.0)
    return Answer(200, {"acceptedZoneResourceInfo": [wire.zone_data(z) for z in zones]})


def subscribed_zone(call: Call) -> str:
    zone = call.param("zoneId")
    if zone not in call.federation.subscriptions:
        raise Problem(404, f"zone {zone!r} is not subscribed", "ZONE_NOT_SUBSCRIBED")
    return zone


async def get_zone_data(call: Call) -> Answer:
    return Answer(200, wire.zone_data(subscribed_zone(call)))


async def zone_unsubscribe(call: Call) -> Answer:
    del call.federation.subscriptions[subscribed_zone(call)]
    return Answer(200)
