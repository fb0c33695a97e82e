"""openapi/meo.yaml is valid, every operation is routed, and real responses match its schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from mec_mocks.common.recorder import Recorder
from mec_mocks.meo import MeoConfig, create_app
from mec_mocks.meo.paths import API_ROOT
from mec_mocks.testing import Package, Servers, wait_for, wait_state

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi" / "meo.yaml"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(SPEC_PATH.read_text())
    return loaded


def _inline(node: Any, spec: dict[str, Any]) -> Any:
    if isinstance(node, dict):
        if "$ref" in node:
            name = node["$ref"].split("/")[-1]
            return _inline(spec["components"]["schemas"][name], spec)
        return {k: _inline(v, spec) for k, v in node.items()}
    if isinstance(node, list):
        return [_inline(v, spec) for v in node]
    return node


def check(spec: dict[str, Any], schema_name: str, instance: Any) -> None:
    schema = _inline(spec["components"]["schemas"][schema_name], spec)
    errors = sorted(OAS30Validator(schema).iter_errors(instance), key=str)
    assert not errors, f"{schema_name}: {errors[0]}"


def test_spec_is_valid(spec: dict[str, Any]) -> None:
    validate(spec)


def test_every_operation_is_routed(spec: dict[str, Any], tmp_path: Path) -> None:
    app = create_app(MeoConfig(network_id="46001", database=str(tmp_path / "x.db")))
    routed = {
        (route.method, route.resource.canonical)
        for route in app.router.routes()
        if route.resource is not None
    }
    in_spec = {
        (method.upper(), path)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }
    missing = in_spec - routed
    assert not missing, f"operations in openapi/meo.yaml without a route: {sorted(missing)}"
    extra = {r for r in routed if r[0] != "HEAD"} - in_spec
    assert not extra, f"routes not described in openapi/meo.yaml: {sorted(extra)}"


async def test_responses_match_schemas(
    spec: dict[str, Any], servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    listener, lsrv = await servers.recorder()
    op, op_srv = await servers.recorder(Recorder(status=201, reply={"id": "remote"}))
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    sub = await http.post(
        f"{meo.url}{API_ROOT}/subscriptions",
        json={"callbackUri": f"{lsrv.url}/n", "subsctiptionType": "AppPackageOnBoarding"},
    )
    check(spec, "AppPkgSubscriptionInfo", sub.json())
    check(
        spec,
        "AppPkgSubscriptionLinkList",
        (await http.get(f"{meo.url}{API_ROOT}/subscriptions")).json(),
    )
    r = await http.post(
        f"{meo.url}{API_ROOT}/op_target_systems/46002/apptype/cross-network/app_packages",
        json=pkg.create_body(),
    )
    check(spec, "AppPkgInfo", r.json())
    info = await wait_state(http, r.headers["Location"])
    check(spec, "AppPkgInfo", info)
    check(spec, "AppD", (await http.get(info["_links"]["appD"]["href"])).json())

    async def delivered() -> bool:
        entry = (await http.get(r.headers["Location"])).json()["x-remoteOnboarding"][0]
        return bool(entry["forwarding"]["status"] == "DELIVERED")

    await wait_for(delivered, what="forward")
    check(spec, "AppPkgInfo", (await http.get(r.headers["Location"])).json())
    for item in (await http.get(f"{meo.url}{API_ROOT}/app_packages")).json():
        check(spec, "AppPkgInfo", item)
    bad = await http.post(
        f"{meo.url}{API_ROOT}/app_packages",
        json=pkg.create_body(checksum={"algorithm": "SHA-256", "hash": "f" * 64}),
    )
    failed = await wait_state(http, bad.headers["Location"], onboarded=False)
    check(spec, "AppPkgInfo", failed)
    check(spec, "ProblemDetails", failed["onboardingFailureDetails"])
    check(spec, "ProblemDetails", (await http.get(f"{meo.url}/nowhere")).json())

    async def two_notes() -> bool:
        return len(listener.received) >= 2

    await wait_for(two_notes, what="notifications")
    for body in listener.bodies():
        check(spec, "AppPkgNotification", body)
    assert op.received
