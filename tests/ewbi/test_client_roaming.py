"""EWBI client: roaming device authentication (path, partner errors without the token)."""

from __future__ import annotations

import pytest

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import calls
from op_platform.models.ewbi import paths
from tests.helpers.ewbi_client import Peer, expect_peer_error, sent

CTX = "ctx-1"
DEVICE = "device_0001"
TOKEN = "tok3nValue_0123456789"


async def test_accepted_device() -> None:
    peer = Peer()
    peer.answer("GET", paths.roaming_auth(CTX, DEVICE, TOKEN), 200)
    await peer.client().send(calls.authenticate_device(CTX, DEVICE, TOKEN))
    assert sent(peer.last) == (
        "GET",
        f"/{CTX}/roaminguserauth/device/{DEVICE}/token/{TOKEN}",
        None,
    )


@pytest.mark.parametrize("status", [400, 401, 404, 422])
async def test_refusals_carry_the_problem_but_not_the_token(status: int) -> None:
    peer = Peer()
    client = peer.client()
    path = paths.roaming_auth(CTX, DEVICE, TOKEN)
    await expect_peer_error(
        peer,
        "GET",
        path,
        status,
        lambda: client.send(calls.authenticate_device(CTX, DEVICE, TOKEN)),
    )
    with pytest.raises(PeerError) as error:
        await client.send(calls.authenticate_device(CTX, DEVICE, TOKEN))
    assert TOKEN not in error.value.detail and DEVICE in error.value.detail


async def test_a_refused_device_token_is_not_resent_with_a_new_access_token() -> None:
    """401 about the device token (no Bearer challenge, as AuthenticateDevice answers it): the
    client does not take it for a refused access token, fetch a new one and ask again."""
    peer = Peer()
    peer.answer("GET", paths.roaming_auth(CTX, DEVICE, TOKEN), 401, {"title": "Unauthorized"})
    client = peer.client()
    with pytest.raises(PeerError) as error:
        await client.send(calls.authenticate_device(CTX, DEVICE, TOKEN))
    assert error.value.peer_status == 401
    assert len(peer.requests) == 1
