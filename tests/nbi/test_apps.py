"""NBI apps: submit, list, show, delete; errors, scopes, ownership; responses against nbi.yaml."""

from __future__ import annotations

import httpx

from op_platform.db.tables import PartnerFederationRow
from op_platform.keys import PLATFORM
from tests.helpers.contract import assert_conforms, operation
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import OTHER_CLIENT, OTHER_SECRET, headers, manifest, nbi

SPEC = "nbi.yaml"
UNKNOWN = "3fa85f64-5717-4562-b3fc-2c963f66afa6"


async def submit(http: httpx.AsyncClient, op: RunningOp, h: dict[str, str], **kw: object) -> str:
    response = await http.post(nbi(op.url, "/apps"), json=manifest(**kw), headers=h)  # type: ignore[arg-type]
    assert response.status_code == 201, response.text
    assert_conforms(response, "submitApp", SPEC)
    return str(response.json()["appId"])


async def test_submit_list_show_delete(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await submit(http, nbi_op, {**h, "x-correlator": "corr-1"})
    listed = await http.get(nbi(nbi_op.url, "/apps"), headers=h)
    assert listed.status_code == 200
    assert_conforms(listed, "getApps", SPEC)
    assert [a["appId"] for a in listed.json()] == [app_id]
    shown = await http.get(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)
    assert shown.status_code == 200
    assert_conforms(shown, "getApp", SPEC)
    body = shown.json()
    assert body["appManifest"]["name"] == "ArenaGame"
    assert body["appOnboardingStatus"] == [{"edgeCloudProvider": "op-nbi", "status": "onboarded"}]
    deleted = await http.delete(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)
    assert deleted.status_code == 204
    assert_conforms(deleted, "deleteApp", SPEC)
    gone = await http.get(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)
    assert gone.status_code == 404
    assert gone.json()["code"] == "NOT_FOUND"


async def test_correlator_echoed(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    response = await http.get(nbi(nbi_op.url, "/apps"), headers={**h, "x-correlator": "abc-123"})
    assert response.headers["x-correlator"] == "abc-123"


async def test_submit_twice_is_409(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    await submit(http, nbi_op, h)
    again = await http.post(nbi(nbi_op.url, "/apps"), json=manifest(), headers=h)
    assert again.status_code == 409
    assert again.json()["code"] == "ALREADY_EXISTS"
    assert_conforms(again, "submitApp", SPEC)
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    theirs = await http.post(nbi(nbi_op.url, "/apps"), json=manifest(), headers=other)
    assert theirs.status_code == 201  # the same app of another provider is another app
    newer = await http.post(nbi(nbi_op.url, "/apps"), json=manifest(version="2.2.0"), headers=h)
    assert newer.status_code == 201


async def test_submit_invalid_is_400(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    for body in (
        manifest(name="1bad name"),
        manifest(packageType="ZIP"),
        {k: v for k, v in manifest().items() if k != "appRepo"},
        manifest(edgeCloudProviders=["op-unknown"]),
    ):
        response = await http.post(nbi(nbi_op.url, "/apps"), json=body, headers=h)
        assert response.status_code == 400, body
        assert response.json()["code"] == "INVALID_ARGUMENT"
        assert_conforms(response, "submitApp", SPEC)
    broken = await http.post(
        nbi(nbi_op.url, "/apps"),
        content=b"{not json",
        headers={**h, "Content-Type": "application/json"},
    )
    assert broken.status_code == 400


async def test_unknown_and_malformed_app_ids(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    for method in ("GET", "DELETE"):
        missing = await http.request(method, nbi(nbi_op.url, f"/apps/{UNKNOWN}"), headers=h)
        assert missing.status_code == 404
        assert_conforms(missing, "getApp" if method == "GET" else "deleteApp", SPEC)
        bad = await http.request(method, nbi(nbi_op.url, "/apps/not-a-uuid"), headers=h)
        assert bad.status_code == 400
        assert bad.json()["code"] == "INVALID_ARGUMENT"


async def test_another_provider_sees_nothing(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await submit(http, nbi_op, h)
    other = await headers(http, nbi_op.url, client=OTHER_CLIENT, secret=OTHER_SECRET)
    assert (await http.get(nbi(nbi_op.url, "/apps"), headers=other)).json() == []
    for method in ("GET", "DELETE"):
        response = await http.request(method, nbi(nbi_op.url, f"/apps/{app_id}"), headers=other)
        assert response.status_code == 404
    assert (await http.get(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)).status_code == 200


async def test_token_and_scopes_enforced(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    anonymous = await http.get(nbi(nbi_op.url, "/apps"))
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "UNAUTHENTICATED"
    assert_conforms(anonymous, "getApps", SPEC)
    garbage = await http.get(nbi(nbi_op.url, "/apps"), headers={"Authorization": "Bearer x.y.z"})
    assert garbage.status_code == 401
    read_only = await headers(http, nbi_op.url, "edge-application-management:apps:read")
    assert (await http.get(nbi(nbi_op.url, "/apps"), headers=read_only)).status_code == 200
    for method, path, op_id in (
        ("POST", "/apps", "submitApp"),
        ("DELETE", f"/apps/{UNKNOWN}", "deleteApp"),
        ("GET", "/appinstances", "getAppInstance"),
        ("GET", "/edge-cloud-zones", "getEdgeCloudZones"),
        ("GET", "/clusters", "getClusters"),
        ("GET", "/deployments", "getAppDeployments"),
    ):
        denied = await http.request(
            method, nbi(nbi_op.url, path), json=manifest(), headers=read_only
        )
        assert denied.status_code == 403, path
        assert denied.json()["code"] == "PERMISSION_DENIED"
        assert_conforms(denied, op_id, SPEC)


async def test_apps_are_paged(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    """At most 100 apps per answer (the file's maxItems); X-Total-Count and a next Link."""
    h = await headers(http, nbi_op.url)
    ids = [await submit(http, nbi_op, h, version=f"1.0.{n}") for n in range(105)]
    first = await http.get(nbi(nbi_op.url, "/apps"), headers=h)
    assert first.status_code == 200
    assert_conforms(first, "getApps", SPEC)
    assert [a["appId"] for a in first.json()] == ids[:100]
    assert first.headers["X-Total-Count"] == "105"
    following = first.headers["Link"].split(";")[0].strip("<>")
    second = await http.get(following, headers=h)
    assert [a["appId"] for a in second.json()] == ids[100:]
    assert "Link" not in second.headers
    small = await http.get(nbi(nbi_op.url, "/apps"), params={"perPage": 10, "page": 3}, headers=h)
    assert [a["appId"] for a in small.json()] == ids[20:30]
    for bad in ({"perPage": 101}, {"perPage": 0}, {"page": 0}, {"page": "x"}):
        refused = await http.get(nbi(nbi_op.url, "/apps"), params=bad, headers=h)
        assert refused.status_code == 400, bad
        assert_conforms(refused, "getApps", SPEC)


async def test_the_files_example_is_accepted(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    """The request example of submitApp in nbi.yaml is a body this OP accepts."""
    example = operation(SPEC, "submitApp")["requestBody"]["content"]["application/json"]["example"]
    h = await headers(http, nbi_op.url)
    response = await http.post(nbi(nbi_op.url, "/apps"), json=example, headers=h)
    assert response.status_code == 201, response.text


async def test_a_federation_whose_partner_is_not_configured_is_skipped(
    http: httpx.AsyncClient, nbi_op: RunningOp
) -> None:
    """A federation record left by a partner removed from the settings is not a target: the app
    is onboarded here (201), not refused with an undocumented 404 (found by the fuzzer)."""
    async with nbi_op.app[PLATFORM].database.transaction() as session:
        session.add(
            PartnerFederationRow(
                id="rec-gone",
                partner_id="op-removed",
                federation_context_id="ctx-gone",
                orig_op_federation_id="op-nbi",
            )
        )
    h = await headers(http, nbi_op.url)
    app_id = await submit(http, nbi_op, h)
    shown = await http.get(nbi(nbi_op.url, f"/apps/{app_id}"), headers=h)
    assert shown.json()["appOnboardingStatus"] == [
        {"edgeCloudProvider": "op-nbi", "status": "onboarded"}
    ]
    named = await http.post(
        nbi(nbi_op.url, "/apps"),
        json=manifest(version="9.0.0", edgeCloudProviders=["op-removed"]),
        headers=h,
    )
    assert named.status_code == 400
