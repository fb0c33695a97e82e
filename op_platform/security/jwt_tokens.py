"""JWT access tokens: claims ``iss sub scope exp iat jti`` and a ``kid`` header, signed ES256."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

import jwt

from op_platform.errors import Unauthenticated
from op_platform.security.signing import ALGORITHM, KeyMaterial

LEEWAY_SECONDS = 30
CONFIRMATION = "x5t#S256"  # RFC 8705 certificate thumbprint confirmation


@dataclass(frozen=True)
class Principal:
    """The authenticated caller: the client the token was issued to and the scopes it grants."""

    client_id: str
    scopes: frozenset[str]
    token_id: str = ""  # ``jti``
    issued_at: int = 0  # ``iat``, epoch seconds
    expires_at: int = 0  # ``exp``, epoch seconds
    bound_to: str | None = None  # ``cnf.x5t#S256``: the client certificate it was bound to


def format_scopes(scopes: Iterable[str]) -> str:
    return " ".join(sorted(set(scopes)))


def parse_scopes(text: str | None) -> frozenset[str]:
    return frozenset((text or "").split())


def issue(
    key: KeyMaterial,
    *,
    issuer: str,
    client_id: str,
    scopes: Iterable[str],
    ttl: int,
    now: datetime,
    bound_to: str | None = None,
) -> str:
    """A signed token; ``bound_to`` (a certificate's ``x5t#S256``) binds it to that client
    certificate (RFC 8705 ``cnf``)."""
    issued = int(now.timestamp())
    claims: dict[str, object] = {
        "iss": issuer,
        "sub": client_id,
        "scope": format_scopes(scopes),
        "iat": issued,
        "exp": issued + ttl,
        "jti": uuid.uuid4().hex,
    }
    if bound_to is not None:
        claims["cnf"] = {CONFIRMATION: bound_to}
    return jwt.encode(
        claims, key.private_key, algorithm=ALGORITHM, headers={"kid": key.kid, "typ": "JWT"}
    )


def key_id(token: str) -> str:
    """The ``kid`` header of a token, without verifying anything."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as exc:
        raise Unauthenticated("the access token is malformed", cause="invalid_token") from exc
    kid = header.get("kid")
    if not isinstance(kid, str) or header.get("alg") != ALGORITHM:
        raise Unauthenticated("the access token has no usable key id", cause="invalid_token")
    return kid


def verify(token: str, keys: Mapping[str, KeyMaterial], *, issuer: str) -> Principal:
    """Check signature, issuer and lifetime; raise ``Unauthenticated`` on any failure."""
    key = keys.get(key_id(token))
    if key is None:
        raise Unauthenticated("the access token was not signed by this OP", cause="invalid_token")
    try:
        claims = jwt.decode(
            token,
            key.public_key,
            algorithms=[ALGORITHM],
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": ["exp", "iat", "iss", "sub", "jti"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise Unauthenticated("the access token has expired", cause="invalid_token") from exc
    except jwt.PyJWTError as exc:
        raise Unauthenticated("the access token is not valid", cause="invalid_token") from exc
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject:
        raise Unauthenticated("the access token names no client", cause="invalid_token")
    scope = claims.get("scope")
    return Principal(
        subject,
        parse_scopes(scope if isinstance(scope, str) else None),
        token_id=str(claims["jti"]),
        issued_at=int(claims["iat"]),
        expires_at=int(claims["exp"]),
        bound_to=_confirmation(claims.get("cnf")),
    )


def _confirmation(cnf: object) -> str | None:
    value = cnf.get(CONFIRMATION) if isinstance(cnf, dict) else None
    return value if isinstance(value, str) else None
