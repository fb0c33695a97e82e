"""Steps of the artefacts, applications and lifecycle areas: an image file and an artefact
uploaded as multipart forms (object parts as ``application/json``), an application onboarded on
the first subscribed zone (waiting for ONBOARDED through ``onApplicationOnboardStatusEvent``),
read and updated, then zone locks, additional zones and the onboarding variant (an extension).
"""

from __future__ import annotations

import uuid
from typing import Any

from op_platform.conformance import bodies
from op_platform.conformance.findings import Finding
from op_platform.conformance.session import Session, Skip, form_parts
from op_platform.models.ewbi import paths

IMAGE_PART = ("file", ("kit-image.qcow2", bodies.IMAGE, "application/octet-stream"))


async def upload_file(s: Session) -> None:
    ctx = s.need("ctx")
    file_id = s.state.setdefault("file_id_new", str(uuid.uuid4()))
    form = bodies.file_form(file_id)
    call = await s.call("UploadFile", paths.files(ctx), expect=(200,),
                        files=form_parts(form, IMAGE_PART), form_view=form)  # fmt: skip
    if call.status == 200:
        s.state["file_id"] = file_id


async def upload_file_again(s: Session) -> None:
    ctx, file_id = s.need("ctx", "file_id")
    form = bodies.file_form(file_id)
    await s.call("UploadFile", paths.files(ctx), expect=(200, 409),
                 files=form_parts(form, IMAGE_PART), form_view=form)  # fmt: skip
    s.note("a repeated UploadFile (same fileId) may answer 409 or 200 (the same file)")


async def view_file(s: Session) -> None:
    ctx, file_id = s.need("ctx", "file_id")
    call = await s.call("ViewFile", paths.file(ctx, file_id), expect=(200,))
    got = call.json().get("fileId")
    if call.status == 200 and got != s.state["file_id"]:
        s.fail(Finding("value", "$.fileId", s.state["file_id"], got))


async def upload_artefact(s: Session) -> None:
    ctx, file_id = s.need("ctx", "file_id")
    artefact_id = s.state.setdefault("artefact_id_new", str(uuid.uuid4()))
    form = bodies.artefact_form(artefact_id, file_id)
    call = await s.call("UploadArtefact", paths.artefacts(ctx), expect=(200,),
                        files=form_parts(form), form_view=form)  # fmt: skip
    if call.status == 200:
        s.state["artefact_id"] = artefact_id


async def upload_artefact_again(s: Session) -> None:
    ctx, file_id, artefact_id = s.need("ctx", "file_id", "artefact_id")
    form = bodies.artefact_form(artefact_id, file_id)
    await s.call("UploadArtefact", paths.artefacts(ctx), expect=(200, 409),
                 files=form_parts(form), form_view=form)  # fmt: skip
    s.note("a repeated UploadArtefact (same artefactId) may answer 409 or 200")


async def get_artefact(s: Session) -> None:
    ctx, artefact_id = s.need("ctx", "artefact_id")
    await s.call("GetArtefact", paths.artefact(ctx, artefact_id), expect=(200,))


async def get_unknown_artefact(s: Session) -> None:
    ctx = s.need("ctx")
    await s.call("GetArtefact", paths.artefact(ctx, str(uuid.uuid4())), expect=(404,))


def _onboarded(app_id: str, zone: str) -> Any:
    def match(body: Any) -> bool:
        return body.get("appId") == app_id and any(
            i.get("zoneId") == zone and i.get("onboardStatusInfo") in ("ONBOARDED", "FAILED")
            for i in body.get("statusInfo", [])
        )

    return match


async def _wait_onboarded(s: Session, key: str, zone: str) -> None:
    got = await s.arrival(s.need(key))
    if got is None:
        raise Skip(f"no onboarding outcome for zone {zone} before the deadline")
    states = [i.get("onboardStatusInfo") for i in got.body.get("statusInfo", [])
              if i.get("zoneId") == zone]  # fmt: skip
    if "ONBOARDED" not in states:
        raise Skip(f"the partner reported {states} for zone {zone}, not ONBOARDED")
    s.state.setdefault("onboarded_zones", []).append(zone)


async def onboard_application(s: Session) -> None:
    ctx, artefact_id, zones = s.need("ctx", "artefact_id", "subscribed")
    app_id = s.state.setdefault("app_id_new", f"kit_app_{bodies.run_suffix()}")
    zone = zones[0]
    link = s.receiver.link("onApplicationOnboardStatusEvent")
    body = bodies.onboard(app_id, artefact_id, zone, s.state.get("country") or "ZZ", link)
    s.state["onboard_body"] = body
    s.state["onboard_event"] = s.expect(
        "onApplicationOnboardStatusEvent", f"{app_id} on {zone}", _onboarded(app_id, zone)
    )
    call = await s.call("OnboardApplication", paths.onboarding(ctx), expect=(202,), json_body=body)
    if call.status == 202:
        s.state["app_id"] = app_id


async def onboarded(s: Session) -> None:
    await _wait_onboarded(s, "onboard_event", s.need("subscribed")[0])
    raise Skip("verdict in callback:onApplicationOnboardStatusEvent")


async def onboard_application_again(s: Session) -> None:
    ctx, _app_id = s.need("ctx", "app_id")
    await s.call("OnboardApplication", paths.onboarding(ctx), expect=(202, 409),
                 json_body=s.state["onboard_body"])  # fmt: skip
    s.note("a repeated OnboardApplication (same appId) may answer 409 or 202")


async def view_application(s: Session) -> None:
    ctx, app_id = s.need("ctx", "app_id")
    await s.call("ViewApplication", paths.onboarded_app(ctx, app_id), expect=(200,))


async def update_application(s: Session) -> None:
    ctx, app_id = s.need("ctx", "app_id")
    body = {"appUpdQoSProfile": {"latencyConstraints": "NONE"}}
    await s.call(
        "UpdateApplication", paths.onboarded_app(ctx, app_id), expect=(202,), json_body=body
    )


async def lock_unlock_zone(s: Session) -> None:
    ctx, app_id, zones = s.need("ctx", "app_id", "onboarded_zones")
    path = paths.zone_forbid(ctx, app_id)
    for forbid in (True, False):
        body = [{"zoneId": zones[0], "forbid": forbid}]
        await s.call("LockUnlockApplicationZone", path, expect=(200,), json_body=body)


async def additional_zones(s: Session) -> None:
    ctx, app_id, zones = s.need("ctx", "app_id", "subscribed")
    if len(zones) < 2:
        raise Skip("the partner offers one zone only: no zone to add")
    s.state["more_event"] = s.expect(
        "onApplicationOnboardStatusEvent", f"{app_id} on {zones[1]}", _onboarded(app_id, zones[1])
    )
    path = paths.additional_zones(ctx, app_id)
    call = await s.call("OnboardExistingAppNewZones", path, expect=(202,), json_body=[zones[1]])
    if call.status == 202:
        await _wait_onboarded(s, "more_event", zones[1])


async def onboard_variant(s: Session) -> None:
    ctx = s.need("ctx")
    target = s.state.get("partner_id") or "partner"
    path = paths.app_packages(ctx, target, "traditional")
    body = bodies.app_package(f"kit_package_{bodies.run_suffix()}")
    call = await s.call("OnboardAppPackageVariant", path, json_body=body,
                        expect=(201, 202, 404, 409, 422, 501, 502, 503))  # fmt: skip
    if call.status == 501:
        raise Skip("the partner does not offer this extension (501)")
    s.note(f"answered {call.status}; only the contract of the answer is checked")
