"""Application client registration and session tokens (UNI extension).

A client registers with its application's name, version and provider. The application is known
when it is onboarded here through the EWBI (its ``appMetaData`` name and version, its provider
id) or when a federation partner reported it ONBOARDED under the EWBI id this OP gives such an
application (``identifiers.ewbi_app_id``). The client gets a random session token, kept only as
its SHA-256, valid ``uni.session_ttl`` seconds.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.uni_rows import ClientSessionRow
from op_platform.db.uni_repository import UniRepository
from op_platform.errors import NotFound, Unauthenticated
from op_platform.models.uni import ClientRegistrationRequest
from op_platform.services.applications import provider_apps as nbi_apps
from op_platform.services.identifiers import ewbi_app_id, ewbi_provider_id

log = logging.getLogger(__name__)

TOKEN_PREFIX = "st_"
ONBOARDED = "ONBOARDED"


@dataclass(frozen=True)
class Registration:
    client_id: str
    session_token: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def known_app_ids(session: AsyncSession, name: str, version: str, provider: str) -> list[str]:
    """The EWBI ids the application is known by here and at partners (empty: unknown)."""
    repo = UniRepository(session)
    found = {
        app.app_id
        for app in await repo.apps_of_provider(ewbi_provider_id(provider))
        if app.meta_data.get("appName") == name
        and app.meta_data.get("version") == version
        and not app.deleting
    }
    mapped = ewbi_app_id(name, version, provider)
    for state in await repo.reported("application", [mapped]):
        if state.state == ONBOARDED:
            found.add(mapped)
    found.update(await nbi_apps.onboarded_ewbi_ids(session, name, version, provider))
    return sorted(found)


async def register(
    session: AsyncSession, body: ClientRegistrationRequest, ttl_seconds: int
) -> Registration:
    app_ids = await known_app_ids(session, body.appName, body.appVersion, body.appProvider)
    if not app_ids:
        raise NotFound(
            f"No application {body.appName} {body.appVersion} of {body.appProvider} "
            "is onboarded here.",
            cause="APP_NOT_FOUND",
        )
    repo = UniRepository(session)
    now = utcnow()
    await repo.drop_expired(now)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    device: dict[str, Any] | None = None
    if body.device is not None:
        device = body.device.model_dump(mode="json", exclude_none=True)
    row = ClientSessionRow(
        client_id=str(uuid.uuid4()),
        token_hash=token_hash(token),
        app_name=body.appName,
        app_version=body.appVersion,
        app_provider=body.appProvider,
        app_ids=app_ids,
        device=device,
        expires_at=now + timedelta(seconds=ttl_seconds),
    )
    repo.add_session(row)
    log.info("uni client registered", extra={"client": row.client_id, "apps": len(app_ids)})
    return Registration(row.client_id, token, row.expires_at)


def aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=utcnow().tzinfo)


async def authenticate(session: AsyncSession, token: str | None) -> ClientSessionRow:
    """The session of ``token``; 401 when it is missing, unknown or expired."""
    row = None if not token else await UniRepository(session).session_by_hash(token_hash(token))
    if row is None or aware(row.expires_at) <= utcnow():
        raise Unauthenticated(
            "Session token is missing, unknown or expired; register again.",
            cause="invalid_session",
        )
    return row
