"""Files, artefacts and application onboarding operations of the partner."""

from __future__ import annotations

from op_platform.conformance.partner import wire
from op_platform.conformance.partner.exchange import Answer, Call, Problem, found

STEP = 0.05  # seconds between PENDING and the next state of a callback sequence


def _store_form(call: Call, table: str, key: str, drop: str) -> Answer:
    items = getattr(call.federation, table)
    ident = call.body[key]
    if ident in items:
        raise Problem(409, f"{key} {ident!r} exists already", "ALREADY_EXISTS")
    items[ident] = {k: v for k, v in call.body.items() if k != drop}
    return Answer(200)


async def upload_file(call: Call) -> Answer:
    return _store_form(call, "files", "fileId", "file")


async def view_file(call: Call) -> Answer:
    return Answer(200, found(call.federation.files, call.param("fileId"), "file"))


async def remove_file(call: Call) -> Answer:
    del call.federation.files[found(call.federation.files, call.param("fileId"), "file")["fileId"]]
    return Answer(200)


async def upload_artefact(call: Call) -> Answer:
    for spec in call.body.get("componentSpec", []):
        missing = [i for i in spec.get("images", []) if i not in call.federation.files]
        if missing:
            raise Problem(422, f"image files {missing} were not uploaded", "UNKNOWN_FILE")
    answer = _store_form(call, "artefacts", "artefactId", "artefactFile")
    call.federation.artefacts[call.body["artefactId"]].pop("componentSpec", None)
    return answer


async def get_artefact(call: Call) -> Answer:
    return Answer(200, found(call.federation.artefacts, call.param("artefactId"), "artefact"))


async def remove_artefact(call: Call) -> Answer:
    fed, artefact = call.federation, call.param("artefactId")
    found(fed.artefacts, artefact, "artefact")
    del fed.artefacts[artefact]
    return Answer(200)


def _zones_for(call: Call, zones: list[str]) -> None:
    fed = call.federation
    unknown = [z for z in zones if z not in fed.subscriptions]
    if unknown:
        raise Problem(422, f"zones {unknown} are not subscribed", "ZONE_NOT_SUBSCRIBED")


def _onboard(call: Call, app_id: str, zones: list[str]) -> None:
    fed, link = call.federation, fed_link(call, app_id)
    for zone in zones:
        fed.app_zones.setdefault(app_id, {})[zone] = "ONBOARDED"
        call.notify(fed, "onApplicationOnboardStatusEvent", link,
                    wire.onboard_event(fed, app_id, zone, "ONBOARDED"), STEP)  # fmt: skip


def fed_link(call: Call, app_id: str) -> str:
    return str(call.federation.apps[app_id]["appStatusCallbackLink"])


async def onboard_application(call: Call) -> Answer:
    fed, body = call.federation, call.body
    if body["appId"] in fed.apps:
        raise Problem(409, f"application {body['appId']!r} is onboarded already", "APP_EXISTS")
    missing = [
        c["artefactId"] for c in body["appComponentSpecs"] if c["artefactId"] not in fed.artefacts
    ]
    if missing:
        raise Problem(422, f"artefacts {missing} were not uploaded", "UNKNOWN_ARTEFACT")
    zones = [z["zoneInfo"] for z in body.get("appDeploymentZones", [])] or list(fed.subscriptions)
    _zones_for(call, zones)
    fed.apps[body["appId"]] = dict(body)
    _onboard(call, body["appId"], zones)
    return Answer(202)


def _app(call: Call) -> dict[str, object]:
    return dict(found(call.federation.apps, call.param("appId"), "application"))


async def view_application(call: Call) -> Answer:
    app = _app(call)
    zones = call.federation.app_zones.get(call.param("appId"), {})
    info = {k: v for k, v in app.items() if k != "appStatusCallbackLink"}
    info["appDeploymentZones"] = [{"countryCode": "ZZ", "zoneInfo": z} for z in zones] or [
        {"countryCode": "ZZ", "zoneInfo": next(iter(call.federation.subscriptions), "kit-zone-1")}
    ]
    return Answer(200, info)


async def update_application(call: Call) -> Answer:
    _app(call)
    return Answer(202)


async def delete_app(call: Call) -> Answer:
    fed, app_id = call.federation, call.param("appId")
    _app(call)
    if any(i["appId"] == app_id for i in fed.instances.values()):
        raise Problem(409, "instances of the application still exist", "APP_IN_USE")
    del fed.apps[app_id]
    fed.app_zones.pop(app_id, None)
    return Answer(202)


async def deboard_application(call: Call) -> Answer:
    fed, app_id, zone = call.federation, call.param("appId"), call.param("zoneId")
    _app(call)
    if fed.app_zones.get(app_id, {}).pop(zone, None) is None:
        raise Problem(404, f"the application is not onboarded on zone {zone!r}", "NOT_ONBOARDED")
    call.notify(fed, "onApplicationOnboardStatusEvent", fed_link(call, app_id),
                wire.onboard_event(fed, app_id, zone, "REMOVED"), STEP)  # fmt: skip
    return Answer(202)


async def additional_zones(call: Call) -> Answer:
    _app(call)
    _zones_for(call, call.body)
    _onboard(call, call.param("appId"), list(call.body))
    return Answer(202)


async def lock_unlock_zone(call: Call) -> Answer:
    zones = call.federation.app_zones.get(str(_app(call)["appId"]), {})
    unknown = [item["zoneId"] for item in call.body if item["zoneId"] not in zones]
    if unknown:
        raise Problem(404, f"the application is not onboarded on {unknown}", "NOT_ONBOARDED")
    return Answer(200)
