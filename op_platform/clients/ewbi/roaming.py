"""Roaming user authentication call to a partner OP: AuthenticateDevice.

The token travels in the path as the standard has it. A refused device surfaces as a
``PeerError`` (404 unknown device, 401 bad token) whose detail names the operation, not the URL,
so the token does not travel further in error answers.
"""

from __future__ import annotations

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi.base import EwbiClient
from op_platform.models.ewbi import paths


async def authenticate_device(
    client: EwbiClient, federation_context_id: str, device_id: str, auth_token: str
) -> None:
    """Returns when the partner accepts ``device_id`` with ``auth_token``."""
    path = paths.roaming_auth(federation_context_id, device_id, auth_token)
    try:
        await client.request("GET", path)
    except PeerError as exc:
        raise PeerError(
            f"AuthenticateDevice of {device_id!r} at partner {client.partner.id!r} "
            f"answered {exc.peer_status}",
            peer_status=exc.peer_status,
            peer_body=exc.peer_body,
        ) from None
