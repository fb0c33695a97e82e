"""The security service: signing keys kept in the database, token issue and verification.

Keys live in the database so tokens survive restarts and every replica signs and verifies with
the same set. Each replica caches the key set and re-reads it every ``KEY_REFRESH`` seconds, and
at once when a token names a key it does not know yet (a key made by another replica).

Rotation without downtime: ``rotate`` adds a new key, which signs from then on; every older key
gets ``retire_after`` = now + token lifetime + refresh interval + leeway, the instant by which
every token it can have signed has expired. Until then it stays in the JWKS and is accepted;
after it, it is deleted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from op_platform.db.engine import Database
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.security_rows import SigningKeyRow
from op_platform.errors import Unauthenticated
from op_platform.security import at_rest, clients, signing
from op_platform.security import jwt_tokens as tokens
from op_platform.security.clients import ClientInfo, ClientSpec
from op_platform.security.credential_repository import SigningKeyRepository
from op_platform.security.jwt_tokens import Principal
from op_platform.security.revocation import Revocations
from op_platform.security.verified_tokens import VerifiedTokens
from op_platform.settings import Settings

log = logging.getLogger(__name__)

KEY_REFRESH = 30.0
FORCED_REFRESH_GAP = 1.0
DEFAULT_TTL = 3600


@dataclass(frozen=True)
class IssuedToken:
    access_token: str
    expires_in: int
    scopes: frozenset[str]


@dataclass(frozen=True)
class KeyInfo:
    kid: str
    algorithm: str
    created_at: datetime
    retire_after: datetime | None
    signing: bool
    encrypted: bool


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


class SecurityService:
    def __init__(
        self,
        database: Database,
        *,
        issuer: str,
        token_ttl: int = DEFAULT_TTL,
        passphrase: bytes | None = None,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.issuer = issuer
        self.token_ttl = token_ttl
        self._passphrase = passphrase
        self._clock = clock
        self._keys: dict[str, signing.KeyMaterial] = {}
        self._signing: signing.KeyMaterial | None = None
        self._loaded_at = float("-inf")
        self._forced_at = float("-inf")
        self._lock = asyncio.Lock()
        self.revocations = Revocations(database, clock, token_ttl)
        self.verified = VerifiedTokens()

    @classmethod
    def from_settings(cls, database: Database, settings: Settings) -> SecurityService:
        secret = at_rest.passphrase(settings)
        return cls(
            database,
            issuer=settings.base_url,
            token_ttl=settings.security.token_ttl,
            passphrase=secret.encode(),
        )

    @property
    def retire_delay(self) -> timedelta:
        return timedelta(seconds=self.token_ttl + KEY_REFRESH + tokens.LEEWAY_SECONDS)

    # -- start-up ---------------------------------------------------------------------------

    async def bootstrap(self, configured: Sequence[ClientSpec]) -> None:
        """Make sure a signing key exists and the configured clients are registered."""
        async with self.database.transaction() as session:
            await self.database.one_replica_at_a_time(session)
            for removed in await clients.sync_configured(session, configured):
                await self.revocations.revoke_client(session, removed)
        self.revocations.stale()
        await self.ensure_signing_key()
        await self.reload()

    @staticmethod
    def specs_from_settings(settings: Settings) -> list[ClientSpec]:
        return [
            ClientSpec(c.client_id, c.client_secret.get_secret_value(), tuple(c.scopes))
            for c in settings.clients
        ]

    # -- keys -------------------------------------------------------------------------------

    def _new_row(self) -> SigningKeyRow:
        key = signing.generate_key()
        jwk = signing.public_jwk(key)
        return SigningKeyRow(
            kid=jwk["kid"],
            algorithm=signing.ALGORITHM,
            private_pem=signing.dump_private(key, self._passphrase),
            encrypted=self._passphrase is not None,
            public_jwk=json.dumps(jwk),
            created_at=self._clock(),
        )

    async def ensure_signing_key(self) -> None:
        async with self.database.transaction() as session:
            repo = SigningKeyRepository(session)
            await repo.lock()
            if not any(row.retire_after is None for row in await repo.list()):
                row = self._new_row()
                repo.save(row)
                log.info("signing key created", extra={"kid": row.kid})

    async def rotate(self) -> str:
        """Make a new signing key; schedule the retirement of the older ones. Return its kid."""
        now = self._clock()
        async with self.database.transaction() as session:
            repo = SigningKeyRepository(session)
            for old in await repo.list():
                retire_after = _aware(old.retire_after)
                if retire_after is not None and retire_after <= now:
                    await repo.delete(old)
                elif retire_after is None:
                    old.retire_after = now + self.retire_delay
                    repo.save(old)
            row = self._new_row()
            repo.save(row)
        log.info("signing key rotated", extra={"kid": row.kid})
        await self.reload()
        return row.kid

    async def list_keys(self) -> list[KeyInfo]:
        async with self.database.transaction() as session:
            rows = await SigningKeyRepository(session).list()
        signer = next((row.kid for row in rows if row.retire_after is None), None)
        return [
            KeyInfo(
                row.kid,
                row.algorithm,
                _aware(row.created_at) or row.created_at,
                _aware(row.retire_after),
                row.kid == signer,
                row.encrypted,
            )
            for row in rows
        ]

    async def reload(self) -> None:
        """Read the key set from the database (expired keys left out)."""
        now = self._clock()
        async with self.database.transaction() as session:
            rows = await SigningKeyRepository(session).list()
        keys: dict[str, signing.KeyMaterial] = {}
        signer: signing.KeyMaterial | None = None
        for row in rows:
            retire_after = _aware(row.retire_after)
            if retire_after is not None and retire_after <= now:
                continue
            material = self._keys.get(row.kid)
            if material is None or material.retire_after != retire_after:
                private = await asyncio.to_thread(
                    signing.load_private,
                    row.private_pem,
                    self._passphrase if row.encrypted else None,
                )
                material = signing.KeyMaterial(
                    row.kid,
                    private,
                    json.loads(row.public_jwk),
                    _aware(row.created_at) or now,
                    retire_after,
                )
            keys[row.kid] = material
            if signer is None and retire_after is None:
                signer = material
        self._keys = keys
        self._signing = signer
        self._loaded_at = time.monotonic()

    async def _fresh(self, *, force: bool = False) -> None:
        """Re-read the keys when the cache is old, or on ``force`` (at most once a second)."""
        now = time.monotonic()
        if force and now - self._forced_at < FORCED_REFRESH_GAP:
            force = False
        if not force and now - self._loaded_at < KEY_REFRESH:
            return
        async with self._lock:
            if force:
                self._forced_at = time.monotonic()
            elif time.monotonic() - self._loaded_at < KEY_REFRESH:
                return
            await self.reload()

    async def jwks(self) -> dict[str, list[dict[str, object]]]:
        await self._fresh()
        now = self._clock()
        return {
            "keys": [
                key.public_jwk
                for key in self._keys.values()
                if key.retire_after is None or key.retire_after > now
            ]
        }

    # -- tokens -----------------------------------------------------------------------------

    async def issue(
        self, client_id: str, scopes: frozenset[str], bound_to: str | None = None
    ) -> IssuedToken:
        await self._fresh()
        if self._signing is None:
            await self.ensure_signing_key()
            await self.reload()
        assert self._signing is not None
        token = tokens.issue(
            self._signing,
            issuer=self.issuer,
            client_id=client_id,
            scopes=scopes,
            ttl=self.token_ttl,
            now=self._clock(),
            bound_to=bound_to,
        )
        return IssuedToken(token, self.token_ttl, scopes)

    async def verify(self, token: str) -> Principal:
        """The caller named by a valid, unrevoked token; ``Unauthenticated`` otherwise.

        A token verified before is taken from :class:`VerifiedTokens` (no signature check)
        while it is unexpired and its key known; revocation is checked every time."""
        if time.monotonic() - self._loaded_at >= KEY_REFRESH:
            await self._fresh()
        caller = self.verified.get(token, self._keys)
        if caller is None:
            kid = tokens.key_id(token)
            if kid not in self._keys:
                await self._fresh(force=True)
            caller = tokens.verify(token, self._keys, issuer=self.issuer)
            self.verified.put(token, caller, kid)
        await self.revocations.check(caller)
        return caller

    async def revoke(self, client_id: str, token: str) -> bool:
        """RFC 7009: revoke ``token`` for the client that holds it. False when the token was
        issued to another client (nothing is revoked); True otherwise, including for a token
        that is invalid, expired or already revoked (there is nothing left to revoke)."""
        try:
            caller = await self.verify(token)
        except Unauthenticated:
            return True
        if caller.client_id != client_id:
            return False
        await self.revocations.revoke_token(caller)
        return True

    # -- clients ----------------------------------------------------------------------------

    async def authenticate_client(self, client_id: str, secret: str) -> ClientInfo | None:
        async with self.database.transaction() as session:
            return await clients.authenticate(session, client_id, secret)

    async def add_client(
        self, client_id: str, secret: str | None, scopes: Sequence[str], kind: str = "partner"
    ) -> str:
        async with self.database.transaction() as session:
            return await clients.add(session, client_id, secret, scopes, kind)

    async def remove_client(self, client_id: str) -> None:
        """Remove the client; every token it holds stops working."""
        async with self.database.transaction() as session:
            await clients.remove(session, client_id)
            await self.revocations.revoke_client(session, client_id)
        self.revocations.stale()

    async def list_clients(self) -> list[ClientInfo]:
        async with self.database.transaction() as session:
            return await clients.list_all(session)
