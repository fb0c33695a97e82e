"""The page's views, one piece at a time: a flow joined from three sources, the MEO's steps,
what a partner may report, apps and instances by zone, where reports are looked for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from op_platform.db.tables.application_rows import AppZoneRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow, NbiInstanceRow
from op_platform.models.meo import AppPkgInfo
from op_platform.services.flow.reply import MAX_REPORTED_HOPS, reported_hops
from op_platform.services.overview.conformance_reports import report_page, reports_dir
from op_platform.services.overview.flows import flow_view
from op_platform.services.overview.meo_steps import MeoSteps, package_steps
from op_platform.services.overview.workloads import by_zone
from op_platform.settings import Settings


def hop(step: int, source: str, target: str, action: str, at: str = "") -> dict[str, Any]:
    return {
        "step": step,
        "from": source,
        "to": target,
        "action": action,
        "statusCode": 201 if action.startswith("reply") else None,
        "durationMs": None,
        "startedAt": at or f"2026-12-01T10:00:0{step}Z",
        "finishedAt": None,
        "detail": None,
    }


def origin_view(remote_hops: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "operationId": "op-1-flow",
        "role": "origin",
        "appType": "cross-network",
        "targetNetworkId": "26201",
        "package": {"appPkgName": "Demo", "appPkgVersion": "1"},
        "state": "ONBOARDED",
        "partnerId": "op-2",
        "remoteOperationId": "op-2-flow",
        "meoAppPkgId": "pkg-1",
        "result": {"operator": "op-1", "remote": {"hops": remote_hops}},
        "hops": [
            hop(3, "meo-op-1", "op-1", "onboard request"),
            hop(4, "op-1", "op-2", "OnboardAppPackageVariant"),
            hop(7, "op-2", "op-1", "reply 201 PENDING"),
            hop(8, "op-1", "meo-op-1", "reply 201 PENDING"),
        ],
    }


def test_a_flow_joins_own_reported_and_meo_steps() -> None:
    reported = [
        hop(4, "op-1", "op-2", "onboard request (EWBI variant)"),  # op-1 saw it: left out
        hop(5, "op-2", "meo-op-2", "onboard request"),
        hop(6, "meo-op-2", "op-2", "reply CREATED"),
    ]
    meo = [
        hop(1, "oss", "meo-op-1", "onboard request", at=" "),
        hop(2, "meo-op-1", "meo-op-1", "local onboarding ONBOARDED", at=" "),
        hop(9, "meo-op-1", "oss", "remote state ONBOARDED"),
    ]
    view = flow_view(origin_view(reported), meo)
    assert view["steps"] == list(range(1, 10))
    assert [h["step"] for h in view["hops"]] == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [h["action"] for h in view["hops"] if h["step"] == 4] == ["OnboardAppPackageVariant"]
    assert view["actors"] == ["oss", "meo-op-1", "op-1", "op-2", "meo-op-2"]
    assert view["mermaid"].startswith("sequenceDiagram")
    assert "op_2->>meo_op_2: step 5: onboard request" in view["mermaid"]


def test_actors_are_only_those_a_hop_names() -> None:
    view = flow_view(origin_view([]), [])
    assert view["actors"] == ["meo-op-1", "op-1", "op-2"]
    assert view["steps"] == [3, 4, 7, 8]


def package(onboarding: str, remote: str | None) -> AppPkgInfo:
    data: dict[str, Any] = {"id": "pkg-1", "onboardingState": onboarding}
    if remote is not None:
        data["x-remoteOnboarding"] = [
            {"targetNetworkId": "99999", "remoteState": "FAILED"},
            {"targetNetworkId": "26201", "remoteState": remote, "updatedAt": "2026-12-01T10:09Z"},
        ]
    return AppPkgInfo.model_validate(data)


def test_the_meo_steps_of_a_package() -> None:
    view = origin_view([])
    hops, final = package_steps(view, package("ONBOARDED", "PENDING"), "meo-op-1")
    assert [h["step"] for h in hops] == [1, 2] and not final
    hops, final = package_steps(view, package("ONBOARDED", "ONBOARDED"), "meo-op-1")
    assert [h["step"] for h in hops] == [1, 2, 9] and final
    assert (hops[2]["from"], hops[2]["to"], hops[2]["startedAt"]) == (
        "meo-op-1",
        "oss",
        "2026-12-01T10:09Z",
    )
    assert hops[1]["action"] == "local onboarding ONBOARDED"
    local = {**view, "role": "local"}
    assert package_steps(local, package("PROCESSING", None), "meo-op-1")[1] is False
    assert package_steps(local, package("ONBOARDED", None), "meo-op-1")[1] is True


async def test_final_meo_steps_are_not_asked_again(tmp_path: Path) -> None:
    asked: list[str] = []
    state = {"remote": "PENDING"}

    def meo(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        body = package("ONBOARDED", state["remote"]).model_dump(mode="json", by_alias=True)
        return httpx.Response(200, json={**body, "_links": {}})

    settings = Settings(
        operator_id="op-1",
        country_code="ES",
        meo_url="http://127.0.0.1:9/app_pkgm/v1",
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
    )
    steps = MeoSteps()
    views = [origin_view([]), {**origin_view([]), "operationId": "partner", "role": "partner"}]
    async with httpx.AsyncClient(transport=httpx.MockTransport(meo)) as http:
        first = await steps.for_views(settings, http, views)
        state["remote"] = "ONBOARDED"
        second = await steps.for_views(settings, http, views)
        third = await steps.for_views(settings, http, views)
    assert [h["step"] for h in first["op-1-flow"]] == [1, 2]
    assert (
        [h["step"] for h in second["op-1-flow"]]
        == [1, 2, 9]
        == [h["step"] for h in third["op-1-flow"]]
    )
    assert asked == ["/app_pkgm/v1/app_packages/pkg-1"] * 2  # partner flows: never asked
    assert "partner" not in first


async def test_an_unreachable_meo_leaves_the_own_steps(tmp_path: Path) -> None:
    def down(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    settings = Settings(
        operator_id="op-1", country_code="ES", meo_url="http://127.0.0.1:9/app_pkgm/v1"
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(down)) as http:
        found = await MeoSteps().for_views(settings, http, [origin_view([])])
    assert found == {"op-1-flow": []}


def test_a_partner_reports_only_well_formed_hops() -> None:
    good = hop(5, "op-2", "meo-op-2", "onboard request")
    body = {
        "hops": [
            good,
            {**good, "step": 12},
            {**good, "from": ""},
            {**good, "statusCode": "two hundred"},
            "not a hop",
            {**good, "extra": "ignored"},
        ]
    }
    kept = reported_hops(body)
    assert kept == [good, good]
    assert reported_hops({"hops": "no"}) == [] and reported_hops({}) == []
    assert len(reported_hops({"hops": [good] * 100})) == MAX_REPORTED_HOPS


def test_apps_and_instances_are_grouped_by_zone() -> None:
    serving = [
        FederationRow(
            federation_context_id="ctx-2",
            client_id="op-2",
            orig_op_federation_id="op-2",
            initial_date=utcnow(),
            notification_link="http://127.0.0.1:9/n",
        )
    ]
    app_zones = [AppZoneRow(federation_context_id="ctx-2", app_id="app-a", zone_id="z-1",
                            country_code="ES", status="ONBOARDED")]  # fmt: skip
    nbi_apps = [NbiAppRow(app_id="n-1", owner="acme", name="Edge", version="2", app_provider="A")]
    targets = [NbiAppTargetRow(app_id="n-1", provider="op-2", zones={"z-9": "ONBOARDED"})]
    instances = [
        NbiInstanceRow(instance_id="i-1", owner="acme", app_id="n-1", name="edge-1",
                       zone_uuid="u", zone_id="z-9", provider="op-2", status="ready")
    ]  # fmt: skip
    zones = by_zone(serving, app_zones, [], nbi_apps, targets, instances)
    assert [zone["zoneId"] for zone in zones] == ["z-1", "z-9"]
    assert zones[0]["apps"] == [{"appId": "app-a", "via": "EWBI from op-2", "state": "ONBOARDED"}]
    assert zones[1]["apps"][0]["name"] == "Edge 2"
    assert zones[1]["instances"][0]["via"] == "NBI at op-2"


def test_reports_are_looked_for_in_the_data_folder_by_default(tmp_path: Path) -> None:
    settings = Settings(operator_id="op-1", country_code="ES", data_dir=str(tmp_path))
    assert reports_dir(settings) == tmp_path / "conformance"
    chosen = settings.model_copy(update={"conformance_dir": tmp_path / "elsewhere"})
    assert reports_dir(chosen) == tmp_path / "elsewhere"
    (tmp_path / "conformance").mkdir()
    (tmp_path / "conformance" / "r.html").write_text("x")
    (tmp_path / "secret.html").write_text("x")
    assert report_page(settings, "r.html") == (tmp_path / "conformance" / "r.html").resolve()
    for name in ("../secret.html", "r.json", ".r.html", "nothere.html"):
        assert report_page(settings, name) is None
