"""``GET /ui/state.json``: what the page shows, built from the OP's records, its MEO and the
conformance reports folder."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from op_platform.db.tables.outbox_rows import DEAD
from op_platform.keys import PLATFORM
from op_platform.outbox import enqueue
from tests.conftest import OpFactory
from tests.integration.flow_helpers import federated_pair, onboard_at, package

PARTNER = {
    "id": "op-z",
    "ewbi_base_url": "http://127.0.0.1:9/operatorplatform/federation/v1",
    "token_url": "http://127.0.0.1:9/oauth2/token",
    "client_id": "op-test",
    "client_secret": "s",
    "network_ids": ["99901"],
}
REPORT = {
    "mode": "run",
    "target": "http://127.0.0.1:9",
    "profile": "strict",
    "startedAt": "2026-12-01T10:00:00Z",
    "counts": {"pass": 40, "fail": 2, "skip": 3},
    "results": [],
}


def write_reports(folder: Path) -> None:
    folder.mkdir()
    (folder / "partner-a.json").write_text(json.dumps(REPORT))
    (folder / "partner-a.html").write_text("<!doctype html><title>report</title><p>42</p>")
    (folder / "broken.json").write_text("{not json")


async def add_outbox_messages(op: object) -> None:
    platform = op.app[PLATFORM]  # type: ignore[attr-defined]
    async with platform.database.transaction() as session:
        retrying = await enqueue(
            session, kind="test.retrying", method="POST", url="http://127.0.0.1:9/a", body={}
        )
        retrying.attempts, retrying.last_status_code = 2, 503
        dead = await enqueue(
            session, kind="test.dead", method="POST", url="http://127.0.0.1:9/b", body={}
        )
        dead.status, dead.attempts, dead.last_error = DEAD, 20, "gave up"
        session.add_all([retrying, dead])


async def test_state_shows_partners_zones_outbox_and_reports(
    start_ops: OpFactory, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    reports = tmp_path / "reports"
    write_reports(reports)
    op = await start_ops(
        partners=[PARTNER], conformance_dir=str(reports), outbox={"enabled": False}
    )
    await add_outbox_messages(op)
    response = await http.get(op.url + "/ui/state.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    state = response.json()
    assert state["operator"]["operatorId"] == "op-test"
    assert state["partners"] == [
        {
            "partnerId": "op-z",
            "configured": True,
            "networkIds": ["99901"],
            "originating": [],
            "serving": [],
        }
    ]
    own = {zone["zoneId"]: zone for zone in state["zones"]["own"]}
    assert set(own) == {"zone-1", "zone-2"}
    assert own["zone-1"]["status"] == "AVAILABLE"
    assert own["zone-1"]["capacity"]["cpu"] > 0 and own["zone-1"]["used"]["cpu"] == 0
    assert state["zones"]["federated"] == [] and state["workloads"] == [] and state["flows"] == []
    outbox = state["outbox"]
    assert outbox["counts"]["pending"] == 1 and outbox["counts"]["dead"] == 1
    assert [m["kind"] for m in outbox["retrying"]] == ["test.retrying"]
    assert outbox["retrying"][0]["lastStatusCode"] == 503
    assert [(m["kind"], m["lastError"]) for m in outbox["dead"]] == [("test.dead", "gave up")]
    assert "auth" not in outbox["dead"][0] and "body" not in outbox["dead"][0]
    found = {report["name"]: report for report in state["conformance"]["reports"]}
    assert state["conformance"]["folder"] == str(reports)
    assert found["partner-a"]["counts"] == REPORT["counts"]
    assert found["partner-a"]["html"] == "partner-a.html"
    assert found["broken"]["error"].startswith("unreadable")

    page = await http.get(op.url + "/ui/conformance/partner-a.html")
    assert page.status_code == 200 and "<p>42</p>" in page.text
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["content-security-policy"].startswith("sandbox")
    for name in ("partner-a.json", "missing.html", "..%2Fsecret.html"):
        assert (await http.get(op.url + "/ui/conformance/" + name)).status_code == 404


async def test_state_draws_a_cross_network_flow_with_every_step(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    async with federated_pair(tmp_path, new_database) as (one, two):
        result = await onboard_at(one, two, package(tmp_path), "cross-network")
        assert result.ok, result.to_dict()
        flows = (await http.get(one.op.url + "/ui/state.json")).json()["flows"]
        origin = next(flow for flow in flows if flow["role"] == "origin")
        assert origin["state"] == "ONBOARDED"
        assert origin["actors"] == ["oss", "meo-op-1", "op-1", "op-2", "meo-op-2"]
        assert origin["steps"] == list(range(1, 10))
        by_step = {hop["step"]: hop for hop in origin["hops"]}
        assert (by_step[5]["from"], by_step[5]["to"], by_step[5]["statusCode"]) == (
            "op-2",
            "meo-op-2",
            201,
        )
        assert by_step[9]["action"] == "remote state ONBOARDED"
        assert "sequenceDiagram" in origin["mermaid"]
        at_two = (await http.get(two.op.url + "/ui/state.json")).json()
        partner = next(flow for flow in at_two["flows"] if flow["role"] == "partner")
        assert partner["actors"] == ["op-1", "op-2", "meo-op-2"]
        assert {4, 5, 6, 7} <= set(partner["steps"])
        serving = at_two["partners"][0]["serving"]
        assert [f["status"] for f in serving] == ["AVAILABLE"]
