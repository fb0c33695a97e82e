"""RFC 6749 client credentials grant (section 4.4) and RFC 7009 token revocation,
framework-free.

Errors are domain errors whose ``extra`` carries the RFC 6749 ``error`` and
``error_description`` members, so the one error renderer puts them in the body.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from urllib.parse import unquote_plus

from op_platform.errors import InvalidInput, OpError, Unauthenticated
from op_platform.security.jwt_tokens import format_scopes, parse_scopes
from op_platform.security.service import IssuedToken, SecurityService

GRANT = "client_credentials"
BASIC_CHALLENGE = 'Basic realm="op-platform", charset="UTF-8"'


def oauth_error(kind: type[OpError], error: str, description: str) -> OpError:
    headers = {"WWW-Authenticate": BASIC_CHALLENGE} if kind is Unauthenticated else None
    return kind(
        description,
        cause=error,
        headers=headers,
        extra={"error": error, "error_description": description},
    )


def basic_credentials(authorization: str | None) -> tuple[str, str] | None:
    """(client_id, secret) from an ``Authorization: Basic`` header (RFC 6749 2.3.1 encoding)."""
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError) as exc:
        raise oauth_error(Unauthenticated, "invalid_client", "malformed Basic credentials") from exc
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise oauth_error(Unauthenticated, "invalid_client", "malformed Basic credentials")
    return unquote_plus(client_id), unquote_plus(secret)


def _credentials(form: Mapping[str, str], authorization: str | None) -> tuple[str, str]:
    basic = basic_credentials(authorization)
    in_form = "client_id" in form or "client_secret" in form
    if basic is not None and in_form and "client_secret" in form:
        raise oauth_error(
            InvalidInput, "invalid_request", "use one client authentication method, not two"
        )
    if basic is not None:
        return basic
    client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
    if not client_id or not secret:
        raise oauth_error(Unauthenticated, "invalid_client", "client authentication is required")
    return client_id, secret


async def client_credentials(
    service: SecurityService,
    form: Mapping[str, str],
    authorization: str | None,
    cert_thumbprint: str | None = None,
) -> IssuedToken:
    """Check a token request and issue a token; raise RFC 6749 errors otherwise. With
    ``cert_thumbprint`` (the client certificate of the request), the token is bound to it."""
    grant_type = form.get("grant_type")
    if not grant_type:
        raise oauth_error(InvalidInput, "invalid_request", "grant_type is required")
    client_id, secret = _credentials(form, authorization)
    if grant_type != GRANT:
        raise oauth_error(InvalidInput, "unsupported_grant_type", f"only {GRANT} is supported")
    client = await service.authenticate_client(client_id, secret)
    if client is None:
        raise oauth_error(Unauthenticated, "invalid_client", "client authentication failed")
    requested = parse_scopes(form.get("scope"))
    if not requested:
        requested = client.scopes
    unknown = requested - client.scopes
    if unknown:
        raise oauth_error(
            InvalidInput,
            "invalid_scope",
            f"scope not granted to this client: {format_scopes(unknown)}",
        )
    return await service.issue(client.client_id, requested, bound_to=cert_thumbprint)


async def revoke_token(
    service: SecurityService, form: Mapping[str, str], authorization: str | None
) -> None:
    """RFC 7009: an authenticated client revokes one of its tokens. An invalid or expired token
    is no error (section 2.2), and neither is another client's token: the answer is the same
    (200) and that token stays valid (nothing tells the caller whose it was)."""
    client_id, secret = _credentials(form, authorization)
    token = form.get("token")
    if not token:
        raise oauth_error(InvalidInput, "invalid_request", "token is required")
    client = await service.authenticate_client(client_id, secret)
    if client is None:
        raise oauth_error(Unauthenticated, "invalid_client", "client authentication failed")
    await service.revoke(client.client_id, token)
