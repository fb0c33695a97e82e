"""POST /clients/register and POST /app-instances/nearest: success and every error."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import PartnerReportedStateRow
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.uni_rows import ClientSessionRow
from op_platform.keys import PLATFORM
from op_platform.services.discovery.client_sessions import aware, token_hash
from op_platform.services.identifiers import ewbi_to_camara, zone_uuid
from tests.conftest import OpFactory
from tests.helpers.applications import PROVIDER
from tests.helpers.contract import assert_conforms
from tests.helpers.instances import APP_ID, federation_with_app
from tests.helpers.servers import RunningOp
from tests.uni.helpers import SPEC, add_partner, assert_error, offered, uni_settings, url

REGISTER = "registerClient"
NEAREST = "findNearestAppInstance"
APP = {"appName": "edge_app_one", "appVersion": "1.0", "appProvider": PROVIDER}
MADRID = {"latitude": 40.41, "longitude": -3.70}
POINT = {"interfaceId": "web_interface", "accessPoints": {"port": 8443, "fqdn": "a.example"}}


@pytest.fixture
async def uni(start_ops: OpFactory, http: httpx.AsyncClient) -> RunningOp:
    op = await start_ops("op-u", **uni_settings())
    await federation_with_app(http, op)  # edge_app_one 1.0 of provider_one on zone-1, zone-2
    return op


async def register(http: httpx.AsyncClient, op: RunningOp, **extra: object) -> httpx.Response:
    return await http.post(url(op, "/clients/register"), json={**APP, **extra})


async def token(http: httpx.AsyncClient, op: RunningOp, **extra: object) -> str:
    response = await register(http, op, **extra)
    assert response.status_code == 201, response.text
    return str(response.json()["sessionToken"])


async def nearest(
    http: httpx.AsyncClient, op: RunningOp, body: object, session: str | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {session}"} if session else {}
    return await http.post(url(op, "/app-instances/nearest"), json=body, headers=headers)


async def add_instance(
    op: RunningOp, instance: str, zone: str, state: str = "READY", points: bool = True
) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        session.add(
            AppInstanceRow(
                id=instance,
                federation_context_id="ctx-x",
                app_instance_id=instance,
                app_id=APP_ID,
                app_provider_id=PROVIDER,
                app_version="1.0",
                zone_id=zone,
                flavour_id="fl-small",
                state=state,
                callback_link="http://127.0.0.1:9/cb",
                access_points=[{**POINT, "accessPoints": {"port": 8443, "fqdn": f"{zone}.ex"}}]
                if points
                else [],
            )
        )


async def test_register_gives_a_hashed_expiring_session(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    response = await register(http, uni, device={"phoneNumber": "+34600000001"})
    assert response.status_code == 201, response.text
    assert_conforms(response, REGISTER, SPEC)
    body = response.json()
    async with uni.app[PLATFORM].database.transaction() as session:
        row = await session.get(ClientSessionRow, body["clientId"])
    assert row is not None
    assert row.token_hash == token_hash(body["sessionToken"]) != body["sessionToken"]
    assert row.app_ids == [APP_ID]
    assert aware(row.expires_at) > utcnow()


@pytest.mark.parametrize(
    "change",
    [{"appName": "other_app"}, {"appVersion": "2.0"}, {"appProvider": "provider_two"}],
    ids=["name", "version", "provider"],
)
async def test_register_unknown_app_is_404(
    http: httpx.AsyncClient, uni: RunningOp, change: dict[str, str]
) -> None:
    response = await http.post(url(uni, "/clients/register"), json={**APP, **change})
    assert_error(response, REGISTER, 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "body",
    [
        {"appName": "edge_app_one", "appVersion": "1.0"},
        {**APP, "extra": True},
        {**APP, "appProvider": "short"},
        {**APP, "device": {}},
    ],
    ids=["missing", "undeclared", "bad-provider", "empty-device"],
)
async def test_register_bad_body_is_400(
    http: httpx.AsyncClient, uni: RunningOp, body: object
) -> None:
    response = await http.post(url(uni, "/clients/register"), json=body)
    assert_error(response, REGISTER, 400, "INVALID_ARGUMENT")


async def test_nearest_ready_local_instance(http: httpx.AsyncClient, uni: RunningOp) -> None:
    await add_instance(uni, "inst_madrid1", "zone-1", state="PENDING")
    await add_instance(uni, "inst_barcelona", "zone-2")
    session = await token(http, uni)
    response = await nearest(http, uni, {"location": MADRID}, session)
    assert response.status_code == 200, response.text
    assert_conforms(response, NEAREST, SPEC)
    body = response.json()
    assert body["appInstanceId"] == str(ewbi_to_camara("inst_barcelona"))
    assert body["edgeCloudZoneId"] == zone_uuid("op-u", "zone-2")
    assert body["edgeCloudProvider"] == "op-u"
    assert body["endpoint"] == {"interfaceId": "web_interface", "port": 8443, "fqdn": "zone-2.ex"}
    assert 450 < body["distanceKm"] < 550

    await add_instance(uni, "inst_madrid2", "zone-1")
    again = await nearest(http, uni, {"sessionToken": session, "location": MADRID})
    assert again.status_code == 200
    assert again.json()["appInstanceId"] == str(ewbi_to_camara("inst_madrid2"))


async def test_device_is_placed_by_body_device_or_registration(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    await add_instance(uni, "inst_madrid1", "zone-1")
    await add_instance(uni, "inst_barcelona", "zone-2")
    by_body = await nearest(
        http, uni, {"device": {"phoneNumber": "+34600000002"}}, await token(http, uni)
    )
    assert by_body.json()["edgeCloudZoneName"] == "Barcelona, ES"
    registered = await token(http, uni, device={"phoneNumber": "+34600000001"})
    by_registration = await nearest(http, uni, {}, registered)
    assert by_registration.status_code == 200
    assert by_registration.json()["edgeCloudZoneName"] == "Madrid, ES"


async def test_partner_reported_ready_instance_is_found(
    http: httpx.AsyncClient, uni: RunningOp
) -> None:
    await add_partner(uni, "op-p", [offered("toledo", 39.86, -4.02)])
    async with uni.app[PLATFORM].database.transaction() as session:
        event = {
            "appId": APP_ID,
            "appInstIdentifier": "inst_partner1",
            "zoneId": "toledo",
            "appInstanceInfo": {
                "appInstanceState": "READY",
                "accesspointInfo": [
                    {
                        "interfaceId": "web",
                        "accessPoints": {"port": 30080, "ipv4Addresses": ["192.0.2.7"]},
                    }
                ],
            },
        }
        session.add(
            PartnerReportedStateRow(
                federation_context_id="ctx-partner",
                kind="instance",
                object_id="inst_partner1",
                zone_id="toledo",
                partner_id="op-p",
                state="READY",
                event=event,
            )
        )
    await add_instance(uni, "inst_barcelona", "zone-2")
    response = await nearest(http, uni, {"location": MADRID}, await token(http, uni))
    assert response.status_code == 200, response.text
    assert_conforms(response, NEAREST, SPEC)
    body = response.json()
    assert body["edgeCloudProvider"] == "op-p"
    assert body["endpoint"] == {"interfaceId": "web", "port": 30080, "ipv4Addresses": ["192.0.2.7"]}


async def test_no_ready_instance_is_404(http: httpx.AsyncClient, uni: RunningOp) -> None:
    await add_instance(uni, "inst_pending", "zone-1", state="PENDING")
    await add_instance(uni, "inst_nopoints", "zone-2", points=False)
    response = await nearest(http, uni, {"location": MADRID}, await token(http, uni))
    assert_error(response, NEAREST, 404, "NOT_FOUND")


async def test_bad_or_expired_session_is_401(http: httpx.AsyncClient, uni: RunningOp) -> None:
    body = {"location": MADRID}
    assert_error(await nearest(http, uni, body), NEAREST, 401, "UNAUTHENTICATED")
    unknown = "st_" + "x" * 40
    assert_error(await nearest(http, uni, body, unknown), NEAREST, 401, "UNAUTHENTICATED")
    session = await token(http, uni)
    async with uni.app[PLATFORM].database.transaction() as db:
        row = await register_row(db, session)
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.add(row)
    assert_error(await nearest(http, uni, body, session), NEAREST, 401, "UNAUTHENTICATED")


async def register_row(db: object, session: str) -> ClientSessionRow:
    from sqlmodel import select

    result = await db.exec(  # type: ignore[attr-defined]
        select(ClientSessionRow).where(ClientSessionRow.token_hash == token_hash(session))
    )
    row: ClientSessionRow = result.one()
    return row


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MISSING_IDENTIFIER"),
        ({"device": {"phoneNumber": "+34699999999"}}, "IDENTIFIER_NOT_FOUND"),
        ({"device": {"networkAccessIdentifier": "dev@example.com"}}, "UNSUPPORTED_IDENTIFIER"),
    ],
    ids=["missing", "not-found", "unsupported"],
)
async def test_device_that_cannot_be_located_is_422(
    http: httpx.AsyncClient, uni: RunningOp, body: object, code: str
) -> None:
    response = await nearest(http, uni, body, await token(http, uni))
    assert_error(response, NEAREST, 422, code)


@pytest.mark.parametrize(
    "body",
    [{"location": {"latitude": 91, "longitude": 0}}, {"extra": 1}, {"sessionToken": "short"}],
    ids=["latitude", "undeclared", "short-token"],
)
async def test_nearest_bad_body_is_400(
    http: httpx.AsyncClient, uni: RunningOp, body: object
) -> None:
    response = await nearest(http, uni, body, await token(http, uni))
    assert_error(response, NEAREST, 400, "INVALID_ARGUMENT")
