"""Onboarding status callbacks, received by a real receiver on loopback, and restart resumption."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from op_platform.models.ewbi import paths
from op_platform.settings import OnboardingSettings
from tests.helpers.applications import new_context, onboard_body, upload_artefact, upload_file
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import Recorder, ewbi, headers_for, wait_for
from tests.helpers.servers import RunningOp

CB = "/onboard-status"


def states(recorder: Recorder, zone: str) -> list[str]:
    return [
        info["onboardStatusInfo"]
        for body in recorder.bodies(CB)
        for info in body["statusInfo"]
        if info["zoneId"] == zone
    ]


async def prepared(http: httpx.AsyncClient, op: RunningOp) -> tuple[dict[str, str], str, str]:
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    return headers, ctx, await upload_artefact(http, op.url, headers, ctx, file_id)


async def test_callbacks_pending_then_onboarded_then_deboarded(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers, ctx, artefact_id = await prepared(http, op)
    body = onboard_body("edge_app_one", artefact_id, recorder.url + CB)
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text
    assert_conforms(response, "OnboardApplication")
    for zone in ("zone-1", "zone-2"):
        await wait_for(lambda z=zone: states(recorder, z) == ["PENDING", "ONBOARDED"], what=zone)
    event = recorder.bodies(CB)[0]
    assert event["federationContextId"] == ctx and event["appId"] == "edge_app_one"

    app_url = ewbi(op.url, paths.onboarded_app(ctx, "edge_app_one"))
    response = await http.delete(app_url + "/zone/zone-2", headers=headers)
    assert response.status_code == 202
    assert_conforms(response, "DeboardApplication")
    await wait_for(
        lambda: states(recorder, "zone-2") == ["PENDING", "ONBOARDED", "DEBOARDING", "REMOVED"],
        what="zone-2 removed",
    )
    view = (await http.get(app_url, headers=headers)).json()
    assert [z["zoneInfo"] for z in view["appDeploymentZones"]] == ["zone-1"]

    response = await http.delete(app_url, headers=headers)
    assert response.status_code == 202
    assert_conforms(response, "DeleteApp")
    await wait_for(lambda: states(recorder, "zone-1")[-1:] == ["REMOVED"], what="zone-1 removed")
    await wait_for(lambda: _status(http, app_url, headers, 404), what="application forgotten")


async def _status(http: httpx.AsyncClient, url: str, headers: dict[str, str], code: int) -> bool:
    return (await http.get(url, headers=headers)).status_code == code


async def test_missing_image_file_fails_the_onboarding(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    artefact_id = await upload_artefact(http, op.url, headers, ctx, str(uuid.uuid4()))
    body = onboard_body("edge_app_two", artefact_id, recorder.url + CB, zones=("zone-1",))
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202
    await wait_for(lambda: states(recorder, "zone-1") == ["PENDING", "FAILED"], what="FAILED")


async def test_restart_mid_onboarding_resumes_and_completes(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path, recorder: Recorder
) -> None:
    op = await start_ops(
        data_dir=str(tmp_path), onboarding={"poll_interval": 0.1, "prepare_seconds": 3600}
    )
    headers, ctx, artefact_id = await prepared(http, op)
    body = onboard_body("edge_app_three", artefact_id, recorder.url + CB)
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202
    await wait_for(
        lambda: states(recorder, "zone-1") == ["PENDING"] == states(recorder, "zone-2"),
        what="PENDING callbacks",
    )
    assert op.settings is not None
    op.settings = op.settings.model_copy(
        update={"onboarding": OnboardingSettings(poll_interval=0.1, prepare_seconds=0)}
    )
    await op.restart()
    for zone in ("zone-1", "zone-2"):
        await wait_for(lambda z=zone: states(recorder, z) == ["PENDING", "ONBOARDED"], what=zone)
