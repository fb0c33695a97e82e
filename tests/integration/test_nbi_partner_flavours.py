"""The NBI installs at a partner with a flavour that partner advertised (ZoneSubscribe's
``flavoursSupported``), whatever its ids: here both operators name their flavours
``zone-b-berlin-*``, and InstallApp accepts only those."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.demo.topology import Operator
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import zone_uuid
from op_platform.services.zones import flavours
from tests.integration.test_nbi_federated import pair  # noqa: F401  (the fixture)
from tests.nbi.helpers import Sink, headers, manifest, nbi, poll

RENAMED = tuple(
    flavours.FlavourSpec(spec.flavour_id.replace("fl-", "zone-b-berlin-"), spec.resources)
    for spec in flavours.CATALOGUE
)


@pytest.fixture(autouse=True)
def renamed_flavours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flavours, "CATALOGUE", RENAMED)


def _app(operator: Operator) -> Any:
    assert operator.op.app is not None
    return operator.op.app


async def test_install_at_partner_uses_an_advertised_flavour(
    pair: tuple[list[Operator], Sink],  # noqa: F811
    http: httpx.AsyncClient,
) -> None:
    (one, two), _ = pair
    h = await headers(http, one.op.url)
    submitted = await http.post(nbi(one.op.url, "/apps"), json=manifest(), headers=h)
    assert submitted.status_code == 201, submitted.text
    app_id = submitted.json()["appId"]

    async def onboarded() -> bool:
        shown = (await http.get(nbi(one.op.url, f"/apps/{app_id}"), headers=h)).json()
        found = {s["edgeCloudProvider"]: s["status"] for s in shown["appOnboardingStatus"]}
        assert found.get("op-2") != "failed", found
        return found.get("op-2") == "onboarded"

    await poll(onboarded)
    body = {
        "name": "arena_at_two",
        "appId": app_id,
        "edgeCloudZoneId": zone_uuid("op-2", two.settings.zones[0].zone_id),
    }
    created = await http.post(nbi(one.op.url, "/appinstances"), json=body, headers=h)
    assert created.status_code == 202, created.text
    instance_id = created.json()["appInstanceId"]

    async def settled() -> str | None:
        shown = await http.get(nbi(one.op.url, "/appinstances"), headers=h)
        found = [i for i in shown.json() if i["appInstanceId"] == instance_id]
        status = str(found[0]["status"]) if found else None
        return status if status in {"ready", "failed"} else None

    assert await poll(settled) == "ready"
    async with _app(two)[PLATFORM].database.transaction() as session:
        rows = (await session.exec(select(AppInstanceRow))).all()
    assert [row.flavour_id for row in rows] == ["zone-b-berlin-small"]
