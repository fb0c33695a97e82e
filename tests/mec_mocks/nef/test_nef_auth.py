"""NEF mock OAuth2: the token endpoint, bearer tokens on every API, the AF's own afId only."""

from __future__ import annotations

import httpx
import pytest

from mec_mocks.nef.auth import TokenError, Tokens
from mec_mocks.testing import Servers, assert_problem, wait_for
from tests.mec_mocks.nef.helpers import EAS, MON, QOS, TI, Af, make_af, start_nef

TOKEN = "/oauth2/token"
GRANT = {"grant_type": "client_credentials"}


async def test_token_with_basic_or_form_credentials(af: Af) -> None:
    basic = await af.http.post(
        af.base + TOKEN, data={**GRANT, "scope": "nef"}, auth=("af-2", "secret-2")
    )
    assert basic.status_code == 200
    assert basic.headers["Cache-Control"] == "no-store"
    body = basic.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600 and body["scope"] == "nef"
    form = await af.http.post(
        af.base + TOKEN, data={**GRANT, "client_id": "af-2", "client_secret": "secret-2"}
    )
    assert form.status_code == 200
    assert form.json()["access_token"] != body["access_token"]


@pytest.mark.parametrize(
    ("kwargs", "status", "error"),
    [
        ({"data": GRANT, "auth": ("af-1", "wrong")}, 401, "invalid_client"),
        ({"data": GRANT, "auth": ("nobody", "x")}, 401, "invalid_client"),
        ({"data": GRANT}, 401, "invalid_client"),
        (
            {"data": {"grant_type": "password"}, "auth": ("af-1", "secret-1")},
            400,
            "unsupported_grant_type",
        ),
        ({"json": GRANT, "auth": ("af-1", "secret-1")}, 400, "invalid_request"),
        ({"data": GRANT, "headers": {"Authorization": "Basic !!"}}, 401, "invalid_client"),
    ],
)
async def test_token_errors(af: Af, kwargs: dict[str, object], status: int, error: str) -> None:
    resp = await af.http.post(af.base + TOKEN, **kwargs)  # type: ignore[arg-type]
    assert resp.status_code == status
    assert resp.json()["error"] == error
    if status == 401:
        assert resp.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("path", [TI, QOS, EAS, MON])
async def test_every_api_needs_a_valid_token(af: Af, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": f"Basic {af.token}"}):
        resp = await af.http.get(af.base + path, headers=headers)
        problem = assert_problem(resp, 401)
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
        assert "token" in problem["detail"]
    assert (await af.get(path)).status_code == 200


@pytest.mark.parametrize("path", [TI, QOS, EAS, MON])
async def test_a_foreign_af_id_is_403(af: Af, path: str) -> None:
    foreign = path.replace("/af-1/", "/af-2/")
    problem = assert_problem(await af.get(foreign), 403, "af-2")
    assert problem["cause"] == "REQUESTED_SERVICE_NOT_AUTHORIZED"
    assert problem["invalidParams"][0]["param"] in ("afId", "scsAsId")
    assert_problem(await af.request("DELETE", foreign + "/x"), 403)


async def test_admin_and_health_need_no_token(af: Af) -> None:
    assert (await af.http.get(af.base + "/healthz")).json() == {"status": "ok", "down": False}
    assert (await af.http.get(af.base + "/admin/ues")).status_code == 200
    assert_problem(await af.http.get(af.base + "/nowhere"), 404)
    assert_problem(await af.request("PATCH", EAS), 405)


def test_tokens_expire() -> None:
    now = [100.0]
    tokens = Tokens({"af": "s"}, lifetime=10, clock=lambda: now[0])
    issued = tokens.issue(
        {"grant_type": "client_credentials", "client_id": "af", "client_secret": "s"}, None
    )
    assert tokens.client_of(issued["access_token"]) == "af"
    now[0] = 109.9
    assert tokens.client_of(issued["access_token"]) == "af"
    now[0] = 110.0
    assert tokens.client_of(issued["access_token"]) is None
    with pytest.raises(TokenError):
        tokens.issue({"grant_type": "client_credentials"}, "Basic " + "YWY6d3Jvbmc=")


async def test_an_expired_token_is_refused(servers: Servers, http: httpx.AsyncClient) -> None:
    nef = await start_nef(servers, token_lifetime=1)
    af = await make_af(http, nef.url)
    assert (await af.get(TI)).status_code == 200

    async def refused() -> bool:
        return (await af.get(TI)).status_code == 401

    await wait_for(refused, what="token expiry")
