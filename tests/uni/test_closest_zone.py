"""POST /retrieve-closest-edge-cloud-zone: success and every error it answers."""

from __future__ import annotations

import logging

import httpx
import pytest

from op_platform.db.zone_repository import ZoneRepository
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import zone_uuid
from tests.conftest import OpFactory
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp, free_port
from tests.uni.helpers import (
    SPEC,
    add_partner,
    assert_error,
    offered,
    sed_headers,
    uni_settings,
    url,
)

OP = "readClosestEdgeCloudZone"
PATH = "/retrieve-closest-edge-cloud-zone"


@pytest.fixture
async def uni(start_ops: OpFactory) -> RunningOp:
    return await start_ops("op-u", **uni_settings())


async def ask(
    http: httpx.AsyncClient, op: RunningOp, body: object, headers: dict[str, str] | None = None
) -> httpx.Response:
    headers = headers if headers is not None else await sed_headers(http, op)
    return await http.post(url(op, PATH), json=body, headers={**headers, "x-correlator": "corr-1"})


async def test_phone_number_in_madrid_gets_the_madrid_zone(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    response = await ask(http, uni, {"device": {"phoneNumber": "+34600000001"}})
    assert response.status_code == 200, response.text
    assert_conforms(response, OP, SPEC)
    assert response.headers["x-correlator"] == "corr-1"
    assert response.json() == {
        "edgeCloudZoneId": zone_uuid("op-u", "zone-1"),
        "edgeCloudZoneName": "Madrid, ES",  # the zone's geography_details
        "edgeCloudProvider": "op-u",
    }


async def test_ip_address_in_barcelona_gets_barcelona_and_the_identifier_used(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    device = {
        "ipv4Address": {"publicAddress": "84.125.93.10", "publicPort": 59765},
        "ipv6Address": "2001:db8::99",
    }
    response = await ask(http, uni, {"device": device})
    assert response.status_code == 200, response.text
    assert_conforms(response, OP, SPEC)
    body = response.json()
    assert body["edgeCloudZoneName"] == "Barcelona, ES"
    assert body["device"] == {"ipv4Address": device["ipv4Address"]}


async def test_partner_zone_nearer_wins_and_unavailable_zones_are_skipped(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    # Bilbao device: the partner's Bilbao zone is unavailable, its Vitoria zone is next.
    await add_partner(
        uni,
        "op-p",
        [offered("bilbao", 43.26, -2.93, "NOT_AVAILABLE"), offered("vitoria", 42.85, -2.67)],
    )
    response = await ask(http, uni, {"device": {"ipv6Address": "2001:db8:0:0::1"}})
    assert response.status_code == 200, response.text
    assert_conforms(response, OP, SPEC)
    assert response.json()["edgeCloudProvider"] == "op-p"
    assert response.json()["edgeCloudZoneName"] == "vitoria area"  # geographyDetails
    assert response.json()["edgeCloudZoneId"] == zone_uuid("op-p", "vitoria")


async def test_local_zone_unavailable_is_skipped(http: httpx.AsyncClient, uni: RunningOp) -> None:
    async with uni.app[PLATFORM].database.transaction() as session:
        zone = await ZoneRepository(session).get("zone-1")
        assert zone is not None
        zone.status = "NOT_AVAILABLE"
        session.add(zone)
    response = await ask(http, uni, {"device": {"phoneNumber": "+34600000001"}})
    assert response.status_code == 200
    assert response.json()["edgeCloudZoneName"] == "Barcelona, ES"


async def test_roaming_device_home_partner_down_falls_back(
    http: httpx.AsyncClient, start_ops: OpFactory, caplog: pytest.LogCaptureFixture
) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    op = await start_ops(
        "op-u",
        **uni_settings(
            uni={"discovery_app": {"app_id": "app_discovery", "app_provider_id": "provider_one"}},
            partners=[
                {
                    "id": "op-p",
                    "ewbi_base_url": down + "/operatorplatform/federation/v1",
                    "token_url": down + "/oauth2/token",
                    "client_id": "op-u",
                    "client_secret": "s3cret",
                }
            ],
        ),
    )
    await add_partner(op, "op-p", [offered("paris", 48.85, 2.35)])
    with caplog.at_level(logging.WARNING, logger="op_platform.services.zones.closest_zone"):
        response = await ask(http, op, {"device": {"phoneNumber": "+34600000009"}})
    assert response.status_code == 200, response.text
    assert response.json()["edgeCloudZoneName"] == "paris area"
    assert any("falling back" in r.getMessage() for r in caplog.records)


async def test_no_available_zone_is_404(http: httpx.AsyncClient, start_ops: OpFactory) -> None:
    op = await start_ops("op-u", **uni_settings(zones=[]))
    response = await ask(http, op, {"device": {"phoneNumber": "+34600000001"}})
    assert_error(response, OP, 404, "NOT_FOUND")


async def test_unknown_device_is_404_identifier_not_found(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    response = await ask(http, uni, {"device": {"phoneNumber": "+34699999999"}})
    assert_error(response, OP, 404, "IDENTIFIER_NOT_FOUND")


async def test_no_device_is_422_missing_identifier(http: httpx.AsyncClient, uni: RunningOp) -> None:
    assert_error(await ask(http, uni, {}), OP, 422, "MISSING_IDENTIFIER")


async def test_network_access_identifier_is_unsupported_by_default(
    http: httpx.AsyncClient, uni: RunningOp, start_ops: OpFactory
) -> None:
    body = {"device": {"networkAccessIdentifier": "dev@example.com"}}
    assert_error(await ask(http, uni, body), OP, 422, "UNSUPPORTED_IDENTIFIER")
    enabled = await start_ops(
        "op-v", **uni_settings(uni={"identifiers": ["networkAccessIdentifier"]})
    )
    response = await ask(http, enabled, body)
    assert response.status_code == 200
    assert response.json()["edgeCloudZoneName"] == "Madrid, ES"


@pytest.mark.parametrize(
    "body",
    [
        {"device": {"phoneNumber": "600000001"}},
        {"device": {}},
        {"device": {"phoneNumber": "+34600000001"}, "extra": 1},
        {"device": {"ipv4Address": {"publicAddress": "84.125.93.10"}}},
        [],
    ],
    ids=["bad-phone", "empty-device", "undeclared", "ipv4-alone", "not-object"],
)
async def test_bad_body_is_400(http: httpx.AsyncClient, uni: RunningOp, body: object) -> None:
    assert_error(await ask(http, uni, body), OP, 400, "INVALID_ARGUMENT")


async def test_no_token_is_401_and_wrong_scope_403(http: httpx.AsyncClient, uni: RunningOp) -> None:
    body = {"device": {"phoneNumber": "+34600000001"}}
    assert_error(await ask(http, uni, body, headers={}), OP, 401, "UNAUTHENTICATED")
    bad = {"Authorization": "Bearer not-a-token"}
    assert_error(await ask(http, uni, body, headers=bad), OP, 401, "UNAUTHENTICATED")
    other = await sed_headers(http, uni, scope="fed-mgmt")
    assert_error(await ask(http, uni, body, headers=other), OP, 403, "PERMISSION_DENIED")
