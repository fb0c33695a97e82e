"""UpdateApplication re-onboarding: new components send ONBOARDED zones back through the driver."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select

from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.applications import app_lookup as applications
from op_platform.services.applications import partner_apps as onboarding
from tests.helpers.applications import new_context, onboard_body, upload_artefact, upload_file
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import Recorder, ewbi, headers_for, wait_for
from tests.helpers.servers import RunningOp

CB = "/onboard-status"
APP = "edge_app_upd"
ZONES = ("zone-1", "zone-2")


def states(recorder: Recorder, zone: str) -> list[str]:
    return [
        info["onboardStatusInfo"]
        for body in recorder.bodies(CB)
        for info in body["statusInfo"]
        if info["zoneId"] == zone
    ]


async def onboarded_app(
    http: httpx.AsyncClient, op: RunningOp, recorder: Recorder, zones: tuple[str, ...] = ZONES
) -> tuple[dict[str, str], str, str, str]:
    """An app ONBOARDED on ``zones`` (first round of callbacks seen): headers, ctx, file, url."""
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    artefact_id = await upload_artefact(http, op.url, headers, ctx, file_id)
    body = onboard_body(APP, artefact_id, recorder.url + CB, zones=zones)
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text
    for zone in zones:
        await wait_for(lambda z=zone: states(recorder, z) == ["PENDING", "ONBOARDED"], what=zone)
    return headers, ctx, file_id, ewbi(op.url, paths.onboarded_app(ctx, APP))


def new_component(artefact_id: str) -> dict[str, Any]:
    return {
        "appComponentSpecs": [
            {
                "componentName": "db_component",
                "serviceNameNB": "db_service",
                "artefactId": artefact_id,
            }
        ]
    }


async def test_new_component_reonboards_every_onboarded_zone(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers, ctx, file_id, url = await onboarded_app(http, op, recorder)

    # A QoS-only update stores and leaves the zones alone.
    qos = {"appUpdQoSProfile": {"latencyConstraint": "ULTRALOW"}}
    response = await http.patch(url, json=qos, headers=headers)
    assert response.status_code == 202, response.text
    assert_conforms(response, "UpdateApplication")
    async with op.app[PLATFORM].database.transaction() as session:
        assert await applications.onboarded_zones(session, ctx, APP) == list(ZONES)

    second = await upload_artefact(http, op.url, headers, ctx, file_id)
    response = await http.patch(url, json=new_component(second), headers=headers)
    assert response.status_code == 202, response.text
    assert_conforms(response, "UpdateApplication")
    for zone in ZONES:
        await wait_for(
            lambda z=zone: states(recorder, z) == ["PENDING", "ONBOARDED"] * 2,
            what=f"{zone} onboarded again",
        )
    # Nothing but the two rounds per zone (the QoS update queued none), each naming the app.
    assert len(recorder.bodies(CB)) == 2 * 2 * len(ZONES)
    assert all(b["federationContextId"] == ctx and b["appId"] == APP for b in recorder.bodies(CB))
    view = (await http.get(url, headers=headers)).json()
    assert [c["componentName"] for c in view["appComponentSpecs"]] == [
        "web_component",
        "db_component",
    ]
    assert view["appQoSProfile"]["latencyConstraints"] == "ULTRALOW"
    async with op.app[PLATFORM].database.transaction() as session:
        assert await applications.onboarded_zones(session, ctx, APP) == list(ZONES)


async def test_unusable_new_artefact_fails_the_zone(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers, ctx, _, url = await onboarded_app(http, op, recorder, zones=("zone-1",))
    # An artefact whose image file was never uploaded: known, but unusable.
    broken = await upload_artefact(http, op.url, headers, ctx, str(uuid.uuid4()))
    response = await http.patch(url, json=new_component(broken), headers=headers)
    assert response.status_code == 202, response.text
    await wait_for(
        lambda: states(recorder, "zone-1") == ["PENDING", "ONBOARDED", "PENDING", "FAILED"],
        what="zone-1 FAILED",
    )
    async with op.app[PLATFORM].database.transaction() as session:
        assert await applications.zone_status(session, ctx, APP, "zone-1") == "FAILED"


async def test_unknown_artefact_in_new_component_is_refused(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers, ctx, _, url = await onboarded_app(http, op, recorder)
    response = await http.patch(url, json=new_component(str(uuid.uuid4())), headers=headers)
    assert response.status_code == 422, response.text
    assert_conforms(response, "UpdateApplication")
    problem = response.json()
    assert problem["cause"] == "UNKNOWN_ARTEFACT"
    assert problem["invalidParams"][0]["param"] == "appComponentSpecs.0.artefactId"
    async with op.app[PLATFORM].database.transaction() as session:
        assert await applications.onboarded_zones(session, ctx, APP) == list(ZONES)
        app = await applications.get_app(session, ctx, APP)
        assert [c["componentName"] for c in app.component_specs] == ["web_component"]
        # The refused update queued no callback: only the first round is in the outbox.
        queued = await session.exec(
            select(OutboxMessage).where(OutboxMessage.kind == onboarding.CALLBACK_KIND)
        )
        assert len(queued.all()) == 2 * len(ZONES)
