"""Subscriptions and notifications of the MEO (delivered through the durable outbox)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.meo.paths import API_ROOT as ROOT
from mec_mocks.testing import Package, Servers, assert_problem, wait_for, wait_state


async def subscribe(
    http: httpx.AsyncClient, meo_url: str, callback: str, stype: str, **extra: object
) -> dict[str, object]:
    r = await http.post(
        f"{meo_url}{ROOT}/subscriptions",
        json={"callbackUri": callback, "subsctiptionType": stype, **extra},
    )
    assert r.status_code == 201, r.text
    assert r.headers["Location"].endswith(r.json()["id"])
    body: dict[str, object] = r.json()
    return body


async def test_subscription_crud(servers: Servers, http: httpx.AsyncClient) -> None:
    meo = await servers.meo()
    sub = await subscribe(http, meo.url, "http://127.0.0.1:1/cb", "AppPackageOnBoarding")
    assert sub["subscriptionType"] == "AppPackageOnBoarding"
    assert sub["callbackUri"] == "http://127.0.0.1:1/cb"
    r = await http.post(
        f"{meo.url}{ROOT}/subscriptions",
        json={
            "callbackUri": "http://127.0.0.1:1/cb2",
            "subscriptionType": "AppPackageChangeSubscription",
        },
    )
    assert r.status_code == 201
    listed = (await http.get(f"{meo.url}{ROOT}/subscriptions")).json()
    assert len(listed["_links"]["subscriptions"]) == 2
    assert listed["_links"]["subscriptions"][0]["subsctiptionType"] == "AppPackageOnBoarding"
    one = await http.get(f"{meo.url}{ROOT}/subscriptions/{sub['id']}")
    assert one.json()["id"] == sub["id"]
    assert (await http.delete(f"{meo.url}{ROOT}/subscriptions/{sub['id']}")).status_code == 204
    assert_problem(await http.get(f"{meo.url}{ROOT}/subscriptions/{sub['id']}"), 404)
    assert_problem(await http.delete(f"{meo.url}{ROOT}/subscriptions/{sub['id']}"), 404)


async def test_subscription_validation(servers: Servers, http: httpx.AsyncClient) -> None:
    meo = await servers.meo()
    url = f"{meo.url}{ROOT}/subscriptions"
    assert_problem(
        await http.post(
            url, json={"callbackUri": "http://127.0.0.1:1/", "subsctiptionType": "Everything"}
        ),
        400,
        "subsctiptionType",
        "AppPackageOnBoarding",
    )
    assert_problem(
        await http.post(
            url, json={"callbackUri": "not a url", "subsctiptionType": "AppPackageDeletion"}
        ),
        400,
        "callbackUri",
    )
    assert_problem(
        await http.post(url, json={"subsctiptionType": "AppPackageDeletion"}), 400, "callbackUri"
    )
    assert_problem(
        await http.post(
            url,
            json={
                "callbackUri": "http://127.0.0.1:1/",
                "subsctiptionType": "AppPackageDeletion",
                "appPkgFilter": ["eq,appName"],
            },
        ),
        400,
        "appPkgFilter",
    )
    assert_problem(
        await http.post(
            url,
            json={
                "callbackUri": "http://127.0.0.1:1/",
                "subsctiptionType": "AppPackageDeletion",
                "appPkgFilter": None,
            },
        ),
        400,
        "appPkgFilter",
        "null",
    )
    assert_problem(
        await http.post(url, content=b"[", headers={"Content-Type": "application/json"}), 400
    )
    assert_problem(await http.post(url, content=b"{}", headers={"Content-Type": "text/xml"}), 415)


async def test_all_notification_types_with_filters(
    servers: Servers, http: httpx.AsyncClient, make_pkg: Callable[..., Package]
) -> None:
    listener, lsrv = await servers.recorder()
    meo = await servers.meo()
    await subscribe(http, meo.url, f"{lsrv.url}/onboarding", "AppPackageOnBoarding")
    await subscribe(http, meo.url, f"{lsrv.url}/change", "AppPacakgeOperationChange")
    await subscribe(http, meo.url, f"{lsrv.url}/deletion", "AppPackageDeletionSubscription")
    await subscribe(
        http,
        meo.url,
        f"{lsrv.url}/only-beta",
        "AppPackageOnBoarding",
        appPkgFilter=["(eq,appName,Beta)"],
    )
    await subscribe(
        http,
        meo.url,
        f"{lsrv.url}/only-beta-obj",
        "AppPackageOnBoarding",
        appPkgFilter=[{"appName": ["Beta"]}],
    )
    alpha = make_pkg("Alpha")
    r = await http.post(f"{meo.url}{ROOT}/app_packages", json=alpha.create_body())
    url = r.headers["Location"]
    info = await wait_state(http, url)
    await http.patch(url, json={"operationState": "DISABLED"})
    await http.patch(url, json={"operationState": "ENABLED"})
    await http.patch(url, json={"operationState": "DISABLED"})
    assert (await http.delete(url)).status_code == 204

    async def all_arrived() -> bool:
        return len(listener.received) >= 5

    await wait_for(all_arrived, what="5 notifications")
    await asyncio.sleep(0.3)  # nothing else may arrive
    types = {
        path: [b["notificationType"] for b in listener.bodies(path)]
        for path in ("/onboarding", "/change", "/deletion", "/only-beta", "/only-beta-obj")
    }
    assert types == {
        "/onboarding": ["AppPackageOnBoarded"],
        "/change": ["AppPackageDisabled", "AppPackageEnabled", "AppPackageDisabled"],
        "/deletion": ["AppPackageDeleted"],
        "/only-beta": [],
        "/only-beta-obj": [],
    }
    note = listener.bodies("/onboarding")[0]
    assert note["appPkgId"] == info["id"]
    assert note["appDId"] == alpha.appd["appDId"]
    assert note["operationalState"] == "ENABLED"
    assert set(note["timeStamp"]) == {"seconds", "nanoSeconds"}
    assert note["_links"]["subscription"]["href"].startswith(f"{meo.url}{ROOT}/subscriptions/")
    beta = make_pkg("Beta")
    await http.post(f"{meo.url}{ROOT}/app_packages", json=beta.create_body())

    async def beta_arrived() -> bool:
        return bool(listener.bodies("/only-beta")) and bool(listener.bodies("/only-beta-obj"))

    await wait_for(beta_arrived, what="filtered notifications")


async def test_failed_onboarding_is_notified(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    listener, lsrv = await servers.recorder()
    meo = await servers.meo()
    await subscribe(http, meo.url, f"{lsrv.url}/n", "AppPackageOnBoarding")
    body = pkg.create_body(checksum={"algorithm": "SHA-256", "hash": "1" * 64})
    await http.post(f"{meo.url}{ROOT}/app_packages", json=body)

    async def arrived() -> list[object]:
        return listener.of_type("AppPackageOnboardingFailed")

    (note,) = await wait_for(arrived, what="failure notification")
    assert note["x-onboardingFailureDetails"]["type"].endswith("checksum-mismatch")
    assert listener.of_type("AppPackageOnBoarded") == []


async def test_notifications_retried_until_acknowledged(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    listener = Recorder(status=503)
    listener, lsrv = await servers.recorder(listener)
    meo = await servers.meo()
    await subscribe(http, meo.url, f"{lsrv.url}/n", "AppPackageOnBoarding")
    await http.post(f"{meo.url}{ROOT}/app_packages", json=pkg.create_body())

    async def refused_twice() -> bool:
        return len(listener.received) >= 2

    await wait_for(refused_twice, what="two refused deliveries")
    listener.status = 204
    count = len(listener.received)

    async def acknowledged() -> bool:
        return len(listener.received) > count

    await wait_for(acknowledged, what="a delivery after recovery")
    await asyncio.sleep(0.5)
    assert len(listener.received) == count + 1  # no more retries once acknowledged
    ids = {b["id"] for b in listener.bodies()}
    assert len(ids) == 1  # the same notification every time


async def test_deleted_subscription_gets_nothing_more(
    servers: Servers, http: httpx.AsyncClient, pkg: Package
) -> None:
    listener = Recorder(status=500)
    listener, lsrv = await servers.recorder(listener)
    meo = await servers.meo()
    sub = await subscribe(http, meo.url, f"{lsrv.url}/n", "AppPackageOnBoarding")
    await http.post(f"{meo.url}{ROOT}/app_packages", json=pkg.create_body())

    async def tried() -> bool:
        return len(listener.received) >= 1

    await wait_for(tried, what="first delivery attempt")
    await http.delete(f"{meo.url}{ROOT}/subscriptions/{sub['id']}")
    count = len(listener.received)
    await asyncio.sleep(1.0)
    assert len(listener.received) <= count + 1  # at most one attempt that was in flight
