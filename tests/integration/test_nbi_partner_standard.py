"""The NBI toward partners as the standard has them: it installs with a flavour the partner
advertised (ZoneSubscribe's ``flavoursSupported``), whatever its ids (here both operators name
their flavours ``zone-b-berlin-*``, and InstallApp accepts only those), and it removes an app
with DeboardApplication per zone from a partner without the DeleteApp extension."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from op_platform.api.ewbi import routes as ewbi_routes
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.demo.topology import Operator
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import zone_uuid
from op_platform.services.zones import flavours
from tests.integration.test_nbi_federated import (  # noqa: F401  (pair: the fixture)
    pair,
    partner_zones,
)
from tests.nbi.helpers import Sink, headers, manifest, nbi, poll

RENAMED = tuple(
    flavours.FlavourSpec(spec.flavour_id.replace("fl-", "zone-b-berlin-"), spec.resources)
    for spec in flavours.CATALOGUE
)


@pytest.fixture
def renamed_flavours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(flavours, "CATALOGUE", RENAMED)


@pytest.fixture
def without_delete_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every OP started in the test serves no DeleteApp (501, as for an unbuilt operation)."""
    kept = tuple(r for r in ewbi_routes.ROUTES if r.name != "DeleteApp")
    assert len(kept) == len(ewbi_routes.ROUTES) - 1
    monkeypatch.setattr(ewbi_routes, "ROUTES", kept)


def _app(operator: Operator) -> Any:
    assert operator.op.app is not None
    return operator.op.app


async def onboarded_at_partner(http: httpx.AsyncClient, one: Operator, h: dict[str, str]) -> str:
    """An NBI app submitted at OP1 and onboarded at op-2; its id."""
    submitted = await http.post(nbi(one.op.url, "/apps"), json=manifest(), headers=h)
    assert submitted.status_code == 201, submitted.text
    app_id = str(submitted.json()["appId"])

    async def onboarded() -> bool:
        shown = (await http.get(nbi(one.op.url, f"/apps/{app_id}"), headers=h)).json()
        found = {s["edgeCloudProvider"]: s["status"] for s in shown["appOnboardingStatus"]}
        assert found.get("op-2") != "failed", found
        return found.get("op-2") == "onboarded"

    await poll(onboarded)
    return app_id


AtPartner = tuple[Operator, Operator, dict[str, str], str]


@pytest.fixture
async def at_partner(
    pair: tuple[list[Operator], Sink],  # noqa: F811
    http: httpx.AsyncClient,
) -> AtPartner:
    """OP1, OP2, the provider's headers at OP1 and an app of it onboarded at OP2."""
    (one, two), _ = pair
    h = await headers(http, one.op.url)
    return one, two, h, await onboarded_at_partner(http, one, h)


@pytest.mark.usefixtures("renamed_flavours")
async def test_install_at_partner_uses_an_advertised_flavour(
    at_partner: AtPartner, http: httpx.AsyncClient
) -> None:
    one, two, h, app_id = at_partner
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


@pytest.mark.usefixtures("without_delete_app")
async def test_app_deleted_at_a_partner_without_delete_app_is_deboarded_per_zone(
    at_partner: AtPartner, http: httpx.AsyncClient
) -> None:
    one, two, h, app_id = at_partner
    assert set((await partner_zones(two, app_id)).values()) == {"ONBOARDED"}
    deleted = await http.delete(nbi(one.op.url, f"/apps/{app_id}"), headers=h)
    assert deleted.status_code == 202, deleted.text

    async def deboarded() -> bool:
        states = set((await partner_zones(two, app_id)).values())
        return bool(states) and states <= {"REMOVED", "DEBOARDING"}

    await poll(deboarded)
