"""MEPM: validates, records (once per notification id) and lists notifications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from mec_mocks.mepm import MepmConfig, create_app
from mec_mocks.testing import Servers, assert_problem

NOTE: dict[str, Any] = {
    "id": "n-1",
    "notificationType": "AppPackageOnBoarded",
    "subscriptionId": "s-1",
    "timeStamp": {"seconds": 1700000000, "nanoSeconds": 5},
    "appPkgId": "p-1",
    "appDId": "acme.demo",
    "operationalState": "ENABLED",
    "_links": {"subscription": {"href": "http://127.0.0.1:1/app_pkgm/v1/subscriptions/s-1"}},
}


async def test_mepm_records_and_survives_restart(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    config = MepmConfig(database=str(tmp_path / "mepm.db"))
    mepm = await servers.start(create_app(config))
    url = f"{mepm.url}/notifications"
    assert (await http.post(url, json=NOTE)).status_code == 204
    assert (await http.post(url, json=NOTE)).status_code == 204  # redelivery: recorded once
    second = {
        **NOTE,
        "id": "n-2",
        "notificationType": "AppPacakgeDisabled",
        "operationalState": "DISABLED",
    }
    assert (await http.post(url, json=second)).status_code == 204
    await servers.stop(mepm)
    mepm = await servers.start(create_app(config))
    listed = (await http.get(f"{mepm.url}/notifications")).json()["notifications"]
    assert [n["notification"]["id"] for n in listed] == ["n-1", "n-2"]
    assert listed[0]["notification"] == NOTE
    only = (
        await http.get(
            f"{mepm.url}/notifications", params={"notificationType": "AppPackageOnBoarded"}
        )
    ).json()
    assert len(only["notifications"]) == 1


async def test_mepm_rejects_invalid(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    mepm = await servers.start(create_app(MepmConfig(database=str(tmp_path / "m.db"))))
    url = f"{mepm.url}/notifications"
    assert_problem(
        await http.post(url, json={**NOTE, "notificationType": "Whatever"}), 400, "notificationType"
    )
    missing = {k: v for k, v in NOTE.items() if k != "appPkgId"}
    assert_problem(await http.post(url, json=missing), 400, "appPkgId")
    assert_problem(await http.post(url, json={**NOTE, "_links": {}}), 400, "subscription")
    assert_problem(
        await http.post(url, content=b"{", headers={"Content-Type": "application/json"}), 400
    )
    assert_problem(await http.post(url, content=b"{}", headers={"Content-Type": "text/plain"}), 415)
    assert_problem(await http.delete(url), 405)
    assert_problem(await http.get(f"{mepm.url}/other"), 404)
    assert (await http.get(url)).json() == {"notifications": []}
