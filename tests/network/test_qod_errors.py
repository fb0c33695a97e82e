"""Every error case of CAMARA Quality-on-Demand r3.2 answers the status and code the file lists
(ErrorInfo, checked against openapi/qod.yaml), including what the NEF refuses."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from sqlmodel import select

from mec_mocks.nef import paths as nef_paths
from op_platform.db.tables.network_rows import QodSessionRow
from op_platform.keys import PLATFORM
from tests.network.qod_helpers import Qod, assert_error, qod_headers

CREDENTIAL = {
    "credentialType": "ACCESSTOKEN",
    "accessToken": "t",
    "accessTokenExpiresUtc": "2099-01-01T00:00:00Z",
    "accessTokenType": "bearer",
}


CREATE_CASES: list[tuple[str, dict[str, Any], int, str]] = [
    ("no qosProfile", {"qosProfile": None}, 400, "INVALID_ARGUMENT"),
    ("unknown property", {"colour": "red"}, 400, "INVALID_ARGUMENT"),
    ("zero duration", {"duration": 0}, 400, "INVALID_ARGUMENT"),
    ("unknown profile", {"qosProfile": "QOS_Z"}, 400, "INVALID_ARGUMENT"),
    ("bad server", {"applicationServer": {"ipv4Address": "300.1.1.1"}}, 400, "INVALID_ARGUMENT"),
    (
        "too long",
        {"qosProfile": "QOS_S", "duration": 101},
        400,
        "QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE",
    ),
    ("sink scheme", {"sink": "ftp://sink.example/x"}, 400, "INVALID_SINK"),
    ("sink refused", {"sink": "https://10.1.2.3/events"}, 400, "INVALID_SINK"),
    (
        "plain credential",
        {"sinkCredential": {**CREDENTIAL, "credentialType": "PLAIN"}},
        400,
        "INVALID_CREDENTIAL",
    ),
    (
        "token type",
        {"sinkCredential": {**CREDENTIAL, "accessTokenType": "mac"}},
        400,
        "INVALID_TOKEN",
    ),
    ("no device", {"device": None}, 422, "MISSING_IDENTIFIER"),
    (
        "nai only",
        {"device": {"networkAccessIdentifier": "ue1@nef.mock"}},
        422,
        "UNSUPPORTED_IDENTIFIER",
    ),
    (
        "inactive profile",
        {"qosProfile": "QOS_L"},
        422,
        "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
    ),
    (
        "nef refuses reference",
        {"qosProfile": "QOS_GOLD"},
        422,
        "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
    ),
    (
        "unknown to the nef",
        {"device": {"phoneNumber": "+34999999999"}},
        404,
        "IDENTIFIER_NOT_FOUND",
    ),
]


@pytest.mark.parametrize(("case", "change", "status", "code"), CREATE_CASES)
async def test_create_errors(
    http: httpx.AsyncClient, qod: Qod, case: str, change: dict[str, Any], status: int, code: str
) -> None:
    body = {k: v for k, v in qod.body(**change).items() if v is not None}
    response = await http.post(qod.url("/sessions"), json=body, headers=qod.headers)
    assert_error(response, "createSession", status, code)
    async with qod.lab.op.app[PLATFORM].database.transaction() as session:
        assert not (await session.exec(select(QodSessionRow))).all()  # nothing left behind
    assert not await qod.lab.resources(http, "as-session-with-qos")


async def test_device_without_pdu_session_and_conflict_and_nef_down(
    http: httpx.AsyncClient, qod: Qod
) -> None:
    await qod.lab.admin(http, "POST", nef_paths.ADMIN_UE_MOVE, ueId="ue-3", json={"detached": True})
    detached = await http.post(qod.url("/sessions"), json=qod.body(ue=3), headers=qod.headers)
    assert_error(detached, "createSession", 422, "SERVICE_NOT_APPLICABLE")

    first = await http.post(qod.url("/sessions"), json=qod.body(ue=5), headers=qod.headers)
    assert first.status_code == 201, first.text
    second = await http.post(qod.url("/sessions"), json=qod.body(ue=5), headers=qod.headers)
    assert_error(second, "createSession", 409, "CONFLICT")

    await qod.lab.admin(http, "POST", nef_paths.ADMIN_DOWN, json={})
    down = await http.post(qod.url("/sessions"), json=qod.body(ue=6), headers=qod.headers)
    assert_error(down, "createSession", 503, "UNAVAILABLE")
    await qod.lab.admin(http, "POST", nef_paths.ADMIN_UP)
    again = await http.post(qod.url("/sessions"), json=qod.body(ue=6), headers=qod.headers)
    assert again.status_code == 201, again.text  # nothing was left behind by the refusal


async def test_session_errors_and_ownership(
    http: httpx.AsyncClient, qod: Qod, start_ops: Any
) -> None:
    created = await http.post(qod.url("/sessions"), json=qod.body(), headers=qod.headers)
    sid = created.json()["sessionId"]
    unknown = str(uuid.uuid4())
    for method, path, op in (
        ("GET", f"/sessions/{unknown}", "getSession"),
        ("DELETE", f"/sessions/{unknown}", "deleteSession"),
    ):
        response = await http.request(method, qod.url(path), headers=qod.headers)
        assert_error(response, op, 404, "NOT_FOUND")
    bad_id = await http.get(qod.url("/sessions/not-a-uuid"), headers=qod.headers)
    assert_error(bad_id, "getSession", 400, "INVALID_ARGUMENT")
    extend = qod.url(f"/sessions/{sid}/extend")
    bad_extend = await http.post(
        extend, json={"requestedAdditionalDuration": 0}, headers=qod.headers
    )
    assert_error(bad_extend, "extendQosSessionDuration", 400, "INVALID_ARGUMENT")
    none_extend = await http.post(
        qod.url(f"/sessions/{unknown}/extend"),
        json={"requestedAdditionalDuration": 5},
        headers=qod.headers,
    )
    assert_error(none_extend, "extendQosSessionDuration", 404, "NOT_FOUND")

    anonymous = await http.get(qod.url(f"/sessions/{sid}"))
    assert_error(anonymous, "getSession", 401, "UNAUTHENTICATED")
    read_only = await qod_headers(http, qod.lab.op.url, "quality-on-demand:sessions:read")
    forbidden = await http.delete(qod.url(f"/sessions/{sid}"), headers=read_only)
    assert_error(forbidden, "deleteSession", 403, "PERMISSION_DENIED")

    retrieve = qod.url("/retrieve-sessions")
    missing = await http.post(retrieve, json={}, headers=qod.headers)
    assert_error(missing, "retrieveSessionsByDevice", 422, "MISSING_IDENTIFIER")
    nai = {"device": {"networkAccessIdentifier": "ue1@nef.mock"}}
    unsupported = await http.post(retrieve, json=nai, headers=qod.headers)
    assert_error(unsupported, "retrieveSessionsByDevice", 422, "UNSUPPORTED_IDENTIFIER")
    other_device = {"device": {"phoneNumber": "+33610000009"}}
    empty = await http.post(retrieve, json=other_device, headers=qod.headers)
    assert empty.status_code == 200 and empty.json() == []


async def test_another_consumers_session_is_not_found(http: httpx.AsyncClient, qod: Qod) -> None:
    created = await http.post(qod.url("/sessions"), json=qod.body(), headers=qod.headers)
    sid = created.json()["sessionId"]
    async with qod.lab.op.app[PLATFORM].database.transaction() as session:
        row = await session.get(QodSessionRow, sid)
        assert row is not None
        row.owner = "another-consumer"
        session.add(row)
    for method, path, op in (
        ("GET", f"/sessions/{sid}", "getSession"),
        ("DELETE", f"/sessions/{sid}", "deleteSession"),
    ):
        response = await http.request(method, qod.url(path), headers=qod.headers)
        assert_error(response, op, 404, "NOT_FOUND")
    mine = await http.post(
        qod.url("/retrieve-sessions"), json={"device": qod.body()["device"]}, headers=qod.headers
    )
    assert mine.json() == []
