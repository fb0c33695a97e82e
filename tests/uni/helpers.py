"""UNI test setup: an OP with cells, devices and a partner record; CAMARA error checks."""

from __future__ import annotations

from typing import Any

import httpx

from op_platform.db.tables import PartnerFederationRow
from op_platform.keys import PLATFORM
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp

ROOT = "/simple-edge-discovery/v2"
SCOPE = "simple-edge-discovery:read"
SPEC = "uni.yaml"

CELLS = [
    {"mcc": 214, "mnc": 1, "cell_id": 100, "latitude": 40.42, "longitude": -3.70},  # Madrid
    {"mcc": 214, "mnc": 1, "cell_id": 200, "latitude": 41.39, "longitude": 2.17},  # Barcelona
]
DEVICES = [
    {"phone_number": "+34600000001", "cell": {"mcc": 214, "mnc": 1, "cell_id": 100}},
    {
        "phone_number": "+34600000002",
        "ipv4_address": "84.125.93.10",
        "cell": {"mcc": 214, "mnc": 1, "cell_id": 200},
    },
    {"ipv6_address": "2001:db8::1", "latitude": 43.30, "longitude": -2.93},  # Bilbao
    {"network_access_identifier": "dev@example.com", "latitude": 40.4, "longitude": -3.7},
    {"phone_number": "+34600000009", "latitude": 48.80, "longitude": 2.30, "home_operator": "op-p"},
]


def uni_settings(**overrides: Any) -> dict[str, Any]:
    return {"cells": CELLS, "devices": DEVICES, **overrides}


def url(op: RunningOp, path: str) -> str:
    return op.url + ROOT + path


async def sed_headers(http: httpx.AsyncClient, op: RunningOp, scope: str = SCOPE) -> dict[str, str]:
    return bearer(await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, scope))


def assert_error(response: httpx.Response, operation: str, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text
    assert_conforms(response, operation, SPEC)


async def add_partner(
    op: RunningOp, partner_id: str, zones: list[dict[str, Any]], ctx: str = "ctx-partner"
) -> None:
    """A federation record with ``partner_id`` offering ``zones`` (as the callbacks keep it)."""
    async with op.app[PLATFORM].database.transaction() as session:
        session.add(
            PartnerFederationRow(
                id=ctx,
                partner_id=partner_id,
                federation_context_id=ctx,
                orig_op_federation_id=op.settings.operator_id if op.settings else "op",
                offered_zones=zones,
            )
        )


def offered(zone_id: str, lat: float, lon: float, status: str = "AVAILABLE") -> dict[str, Any]:
    return {
        "zoneId": zone_id,
        "geolocation": f"{lat},{lon}",
        "geographyDetails": f"{zone_id} area",
        "status": status,
    }
