"""The UNI places a device the configuration does not know where the NEF says it is
(Monitoring Event location report); a UE moved to a cell of another DNAI produces the UP path
change notification of the steered instance and changes the UNI's closest zone (must-show 3)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from sqlmodel import select

from mec_mocks.nef import paths as nef_paths
from mec_mocks.testing import wait_for
from op_platform.db.tables.network_rows import UePathRow
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import zone_uuid
from tests.helpers.contract import assert_conforms
from tests.helpers.instances import federation_with_app
from tests.network.helpers import NefLab
from tests.network.test_steering import install, steered
from tests.uni.helpers import sed_headers

CLOSEST = "/simple-edge-discovery/v2/retrieve-closest-edge-cloud-zone"


async def closest(http: httpx.AsyncClient, lab: NefLab, device: dict[str, Any]) -> httpx.Response:
    headers = await sed_headers(http, lab.op)
    return await http.post(lab.op.url + CLOSEST, json={"device": device}, headers=headers)


async def closest_zone(http: httpx.AsyncClient, lab: NefLab, device: dict[str, Any]) -> str:
    response = await closest(http, lab, device)
    assert response.status_code == 200, response.text
    assert_conforms(response, "readClosestEdgeCloudZone", "uni.yaml")
    return str(response.json()["edgeCloudZoneId"])


async def move(http: httpx.AsyncClient, lab: NefLab, ue: str, dnai: str) -> dict[str, Any]:
    moved: dict[str, Any] = await lab.admin(
        http, "POST", nef_paths.ADMIN_UE_MOVE, ueId=ue, json={"dnai": dnai}
    )
    return moved


async def test_moved_ue_changes_path_and_closest_zone(
    http: httpx.AsyncClient, lab: NefLab, sent: list[str]
) -> None:
    s = await federation_with_app(http, lab.op)
    await install(http, s, "zone-1")
    await steered(lab, http)
    ue = await lab.admin(http, "GET", nef_paths.ADMIN_UE, ueId="ue-2")
    phone = {"phoneNumber": "+" + ue["msisdn"]}
    await move(http, lab, "ue-2", "dnai-madrid")
    assert await closest_zone(http, lab, phone) == zone_uuid("op-test", "zone-1")
    assert "CreateMonitoringEventSubscription" in sent

    moved = await move(http, lab, "ue-2", "dnai-barcelona")
    assert moved["dnaiChanged"] is True

    async def path_recorded() -> UePathRow | None:
        async with lab.op.app[PLATFORM].database.transaction() as session:
            rows = (await session.exec(select(UePathRow))).all()
        mine = [r for r in rows if r.ue == f"gpsi:{ue['gpsi']}" and r.dnai == "dnai-barcelona"]
        return mine[0] if mine else None

    row = await wait_for(path_recorded, what="the UP path change received")
    assert row.zone_id == "zone-2" and row.instance_key is not None
    notes = await lab.admin(http, "GET", nef_paths.ADMIN_NOTIFICATIONS)
    assert {n["status"] for n in notes if n["kind"] == "EventNotification"} == {"DELIVERED"}
    assert await closest_zone(http, lab, phone) == zone_uuid("op-test", "zone-2")
    by_ip = {"ipv4Address": {"publicAddress": ue["ipv4Addr"], "publicPort": 1}}
    assert await closest_zone(http, lab, by_ip) == zone_uuid("op-test", "zone-2")


async def test_device_unknown_to_the_nef_is_not_found(http: httpx.AsyncClient, lab: NefLab) -> None:
    response = await closest(http, lab, {"phoneNumber": "+34999999999"})
    assert response.status_code == 404, response.text
    assert response.json()["code"] == "IDENTIFIER_NOT_FOUND"


@pytest.mark.parametrize("forged", ["forged", "%C3%A9t%C3%A9"])  # also not ASCII
async def test_forged_notification_url_is_refused(
    http: httpx.AsyncClient, lab: NefLab, forged: str
) -> None:
    url = lab.op.url + "/sbi-nr/v1/nef/up-path-change/ewbi%3Ax/" + forged
    body = {"dnaiChgType": "LATE", "subscribedEvent": "UP_PATH_CHANGE", "targetDnai": "d"}
    response = await http.post(url, json=body)
    assert response.status_code == 401, response.text
    assert_conforms(response, "receiveUpPathChange", "sbi-nr.yaml")


async def test_nef_down_is_unavailable(http: httpx.AsyncClient, lab: NefLab) -> None:
    await lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    response = await closest(http, lab, {"phoneNumber": "+33610000001"})
    assert response.status_code == 503, response.text
    assert response.json()["code"] == "UNAVAILABLE"
    assert_conforms(response, "readClosestEdgeCloudZone", "uni.yaml")
