"""No token or secret reaches the logs, on the inbound or the outbound side."""

from __future__ import annotations

import contextlib
import logging

import httpx
import pytest

from op_platform.clients.call import PeerError, call
from op_platform.keys import PLATFORM
from op_platform.logs import JsonFormatter
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import PARTNER, PROTECTED, SECRET, TOKEN


async def test_tokens_and_secrets_stay_out_of_logs(
    sec_op: RunningOp, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    token = await fetch_token(http, sec_op.url, PARTNER, SECRET)
    await http.get(sec_op.url + PROTECTED, headers=bearer(token))
    await http.get(sec_op.url + PROTECTED, headers=bearer(token + "x"))
    await http.post(
        sec_op.url + TOKEN, data={"grant_type": "client_credentials"}, auth=(PARTNER, "bad-secret")
    )
    providers = sec_op.app[PLATFORM].tokens
    outbound = providers.get(sec_op.url + TOKEN, PARTNER, SECRET)
    with contextlib.suppress(PeerError):
        await call(http, "GET", sec_op.url + PROTECTED, tokens=outbound)
    outbound_token = await outbound.token()
    formatter = JsonFormatter()
    text = "\n".join(formatter.format(record) for record in caplog.records)
    assert caplog.records
    for secret in (SECRET, "bad-secret", token, outbound_token, token.split(".")[2]):
        assert secret not in text
