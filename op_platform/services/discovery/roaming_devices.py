"""Roaming device authentication (AuthenticateDevice) and the device registry behind it.

A device is registered with its id, its authentication token (kept only as a salted scrypt hash)
and optionally the one federation context allowed to ask about it. A partner asks whether a
roaming device's token is the one this OP issued: valid, wrong token (401) or unknown device
(404; a device bound to another federation context is unknown to this one). Tokens are never
logged or returned.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.instance_repository import DeviceRepository
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.instance_rows import RoamingDeviceRow
from op_platform.errors import NotFound, Unauthenticated
from op_platform.security.passwords import hash_secret, verify_secret

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Registered:
    device_id: str
    home_federation: str | None
    created: bool


async def register_device(
    session: AsyncSession, device_id: str, auth_token: str, home_federation: str | None
) -> Registered:
    """Add the device, or replace its token and home federation."""
    repo = DeviceRepository(session)
    row = await repo.get(device_id)
    created = row is None
    if row is None:
        row = RoamingDeviceRow(device_id=device_id, token_hash="")
    row.token_hash = hash_secret(auth_token)
    row.home_federation = home_federation
    row.updated_at = utcnow()
    repo.add(row)
    log.info("roaming device registered", extra={"device_id": device_id, "new_device": created})
    return Registered(device_id, home_federation, created)


async def remove_device(session: AsyncSession, device_id: str) -> None:
    repo = DeviceRepository(session)
    row = await repo.get(device_id)
    if row is None:
        raise NotFound(f"device {device_id!r} is not registered", cause="DEVICE_NOT_FOUND")
    await repo.remove(row)


async def authenticate_device(
    session: AsyncSession, fed: FederationRow, device_id: str, auth_token: str
) -> None:
    """Nothing when the token is the device's; Unauthenticated or NotFound otherwise."""
    row = await DeviceRepository(session).get(device_id)
    visible = row is not None and row.home_federation in (None, fed.federation_context_id)
    if row is None or not visible:
        raise NotFound(f"device {device_id!r} is not known", cause="DEVICE_NOT_FOUND")
    if not verify_secret(auth_token, row.token_hash):
        log.info("roaming device token rejected", extra={"device_id": device_id})
        raise Unauthenticated(
            f"the token of device {device_id!r} is not valid", cause="INVALID_DEVICE_TOKEN"
        )
