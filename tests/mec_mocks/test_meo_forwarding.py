"""The onboarding variant, its forwarding rule and the remote side of cross-network packages."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import bind_socket
from mec_mocks.meo.paths import API_ROOT as ROOT
from mec_mocks.testing import Package, Servers, assert_problem, wait_for, wait_state

TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
VARIANT = ROOT + "/op_target_systems/{target}/apptype/{type}/app_packages"


def variant(meo_url: str, target: str, app_type: str) -> str:
    return meo_url + VARIANT.format(target=target, type=app_type)


def free_port() -> int:
    sock = bind_socket("127.0.0.1", 0)
    port: int = sock.getsockname()[1]
    sock.close()
    return port


async def remote_entry(http: httpx.AsyncClient, url: str) -> dict[str, Any]:
    info = (await http.get(url)).json()
    (entry,) = info["x-remoteOnboarding"]
    result: dict[str, Any] = entry
    return result


async def test_traditional_local_target(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    op, op_srv = await servers.recorder(Recorder(status=201, reply={"id": "x"}))
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    r = await http.post(variant(meo.url, "46001", "traditional"), json=pkg.create_body())
    assert r.status_code == 201
    info = await wait_state(http, r.headers["Location"])
    assert info["x-applicationType"] == "traditional"
    assert info["x-targetNetworkId"] == "46001"
    assert "x-remoteOnboarding" not in info
    r = await http.post(variant(meo.url, "46001", "cross-network"), json=pkg.create_body())
    assert r.status_code == 200  # same package: idempotent, and own network: no forward
    await asyncio.sleep(0.5)
    assert op.received == []


async def test_variant_errors(servers: Servers, http: httpx.AsyncClient, pkg: Package) -> None:
    meo = await servers.meo("46001")
    assert_problem(
        await http.post(variant(meo.url, "46002", "traditional"), json=pkg.create_body()),
        422,
        "46002",
    )
    assert_problem(
        await http.post(variant(meo.url, "46002", "hybrid"), json=pkg.create_body()),
        400,
        "applicationType",
    )
    assert_problem(
        await http.post(variant(meo.url, "46002", "cross-network"), json=pkg.create_body()),
        422,
        "OP URL",
    )
    assert_problem(
        await http.post(variant(meo.url, "46002", "cross-network"), json={"appPkgName": "x"}),
        400,
        "appPkgVersion",
    )
    assert_problem(
        await http.post(
            variant(meo.url, "46002", "cross-network"),
            content=b"{",
            headers={"Content-Type": "application/json"},
        ),
        400,
    )
    assert (await http.get(f"{meo.url}{ROOT}/app_packages")).json() == []


async def test_cross_network_forwarded_exactly_once(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    op, op_srv = await servers.recorder(Recorder(status=201, reply={"id": "op-123"}))
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    body = pkg.create_body()
    r = await http.post(
        variant(meo.url, "46002", "cross-network"),
        json=body,
        headers={"x-correlator": "corr-1", "traceparent": TRACEPARENT},
    )
    assert r.status_code == 201
    url = r.headers["Location"]
    first = r.json()["x-remoteOnboarding"][0]
    assert first["targetNetworkId"] == "46002"
    assert first["forwarding"]["status"] in ("WAITING_LOCAL", "PENDING", "DELIVERED")
    info = await wait_state(http, url)

    async def delivered() -> dict[str, Any] | None:
        entry = await remote_entry(http, url)
        return entry if entry["forwarding"]["status"] == "DELIVERED" else None

    entry = await wait_for(delivered, what="forward delivered")
    assert entry["forwarding"]["lastStatusCode"] == 201
    assert entry["remoteAppPkgId"] == "op-123"
    assert entry["remoteState"] == "PENDING"
    again = await http.post(variant(meo.url, "46002", "cross-network"), json=body)
    assert again.status_code == 200
    await asyncio.sleep(0.5)
    (fwd,) = op.received
    assert fwd.path == "/sbi-cr/v1/op_target_systems/46002/apptype/cross-network/app_packages"
    assert fwd.body == body
    assert fwd.headers["x-meo-app-pkg-id"] == info["id"]
    assert fwd.headers["x-meo-network-id"] == "46001"
    assert fwd.headers["x-correlator"] == "corr-1"
    assert fwd.headers["traceparent"] == TRACEPARENT
    assert fwd.headers["x-meo-notification-uri"] == f"{meo.url}{ROOT}/user_defined_notification"


async def test_forward_survives_receiver_down_and_meo_restart(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    op_port = free_port()
    op_url = f"http://127.0.0.1:{op_port}/sbi-cr/v1"
    listener, lsrv = await servers.recorder()
    meo = await servers.meo("46001", op_url=op_url, db="restart.db")
    await http.post(
        f"{meo.url}{ROOT}/subscriptions",
        json={"callbackUri": f"{lsrv.url}/n", "subsctiptionType": "AppPackageOnBoarding"},
    )
    body = pkg.create_body()
    r = await http.post(variant(meo.url, "46002", "cross-network"), json=body)
    url = r.headers["Location"]
    await wait_state(http, url)

    async def retried() -> dict[str, Any] | None:
        entry = await remote_entry(http, url)
        return entry if entry["forwarding"]["attempts"] >= 2 else None

    entry = await wait_for(retried, what="failed forward attempts")
    assert entry["forwarding"]["status"] == "PENDING"
    assert entry["forwarding"]["lastError"]
    assert entry["forwarding"]["nextAttemptAt"]

    port = meo.port
    await servers.stop(meo)  # MEO down, forward still pending
    op, _ = await servers.recorder(Recorder(status=201, reply={"id": "op-9"}), port=op_port)
    meo2 = await servers.meo("46001", op_url=op_url, db="restart.db", port=port)
    assert meo2.url == meo.url

    async def delivered() -> dict[str, Any] | None:
        entry = await remote_entry(http, url)
        return entry if entry["forwarding"]["status"] == "DELIVERED" else None

    entry = await wait_for(delivered, what="forward delivered after restart")
    assert entry["forwarding"]["attempts"] >= 3
    await asyncio.sleep(0.5)
    (fwd,) = op.received
    assert fwd.body == body
    assert fwd.path == "/sbi-cr/v1/op_target_systems/46002/apptype/cross-network/app_packages"
    info = (await http.get(url)).json()
    assert info["onboardingState"] == "ONBOARDED"
    subs = (await http.get(f"{meo2.url}{ROOT}/subscriptions")).json()
    assert len(subs["_links"]["subscriptions"]) == 1
    assert len(listener.of_type("AppPackageOnBoarded")) == 1


async def test_forward_refused_is_permanent(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    op, op_srv = await servers.recorder(Recorder(status=404))
    listener, lsrv = await servers.recorder()
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    await http.post(
        f"{meo.url}{ROOT}/subscriptions",
        json={"callbackUri": f"{lsrv.url}/n", "subsctiptionType": "AppPackageOnBoarding"},
    )
    r = await http.post(variant(meo.url, "46009", "cross-network"), json=pkg.create_body())
    url = r.headers["Location"]

    async def failed() -> dict[str, Any] | None:
        entry = await remote_entry(http, url)
        return entry if entry["forwarding"]["status"] == "FAILED" else None

    entry = await wait_for(failed, what="forward refused")
    assert entry["forwarding"]["lastStatusCode"] == 404
    assert entry["remoteState"] == "FAILED"
    assert (await http.get(url)).json()["onboardingState"] == "ONBOARDED"  # local kept

    async def notified() -> list[Any]:
        return listener.of_type("AppPackageRemoteOnboarding")

    (note,) = await wait_for(notified, what="remote failure notification")
    assert note["x-remoteNetworkId"] == "46009"
    assert note["x-remoteState"] == "FAILED"
    await asyncio.sleep(0.3)
    assert len(op.received) == 1


async def test_remote_outcome_reports(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    _op, op_srv = await servers.recorder(Recorder(status=202))
    listener, lsrv = await servers.recorder()
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    await http.post(
        f"{meo.url}{ROOT}/subscriptions",
        json={"callbackUri": f"{lsrv.url}/n", "subsctiptionType": "AppPackageOnBoarding"},
    )
    r = await http.post(variant(meo.url, "46002", "cross-network"), json=pkg.create_body())
    url = r.headers["Location"]
    info = await wait_state(http, url)
    sink = f"{meo.url}{ROOT}/user_defined_notification"
    report = {
        "appPkgId": info["id"],
        "remoteNetworkId": "46002",
        "remoteState": "ONBOARDED",
        "detail": "onboarded by MEO2",
    }
    assert (await http.post(sink, json=report)).status_code == 204
    assert (await http.post(sink, json=report)).status_code == 204  # repeated: no new event
    entry = await remote_entry(http, url)
    assert entry["remoteState"] == "ONBOARDED"
    assert entry["detail"] == "onboarded by MEO2"

    async def notified() -> list[Any]:
        return listener.of_type("AppPackageRemoteOnboarding")

    (note,) = await wait_for(notified, what="remote onboarding notification")
    assert note["x-remoteState"] == "ONBOARDED"
    assert note["appPkgId"] == info["id"]

    standard = {
        "id": "n-1",
        "notificationType": "AppPacakgeDisabled",
        "subscriptionId": "s-1",
        "timeStamp": {"seconds": 1700000000, "nanoSeconds": 0},
        "appPkgId": "remote-pkg-7",
        "appDId": info["appDId"],
        "operationalState": "DISABLED",
        "x-networkId": "46002",
        "_links": {"subscription": {"href": "http://127.0.0.1:1/subs/s-1"}},
    }
    assert (await http.post(sink, json=standard)).status_code == 204
    entry = await remote_entry(http, url)
    assert entry["remoteOperationalState"] == "DISABLED"
    assert entry["remoteAppPkgId"] == "remote-pkg-7"
    assert entry["remoteState"] == "ONBOARDED"

    assert_problem(await http.post(sink, json={**report, "appPkgId": "nope"}), 404)
    assert_problem(
        await http.post(sink, json={**report, "remoteState": "MAYBE"}), 400, "remoteState"
    )
    assert_problem(await http.post(sink, json={"notificationType": "AppPackageOnBoarded"}), 400)
    assert_problem(
        await http.post(sink, content=b"x", headers={"Content-Type": "application/json"}), 400
    )


async def test_uploaded_package_forwarded_with_its_content_url(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    """appPkgPath "" (content PUT here): the forward names this MEO's package_content URL."""
    op, op_srv = await servers.recorder(Recorder(status=201, reply={"id": "op-9"}))
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1")
    body = pkg.create_body(url="")
    r = await http.post(variant(meo.url, "46002", "cross-network"), json=body)
    assert r.status_code == 201, r.text
    url = r.headers["Location"]
    await asyncio.sleep(0.3)
    assert op.received == []  # nothing forwarded before the local onboarding
    put = await http.put(
        url + "/package_content", content=pkg.data, headers={"Content-Type": "application/zip"}
    )
    assert put.status_code == 202
    info = await wait_state(http, url)

    async def delivered() -> dict[str, Any] | None:
        entry = await remote_entry(http, url)
        return entry if entry["forwarding"]["status"] == "DELIVERED" else None

    await wait_for(delivered, what="forward delivered")
    (fwd,) = op.received
    content_url = f"{meo.url}{ROOT}/app_packages/{info['id']}/package_content"
    assert fwd.body == {**body, "appPkgPath": content_url}
    fetched = await http.get(content_url)
    assert fetched.status_code == 200
    assert fetched.content == pkg.data
