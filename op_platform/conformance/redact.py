"""Redacting what reports must not show: tokens, secrets, passwords.

Reports keep every exchange so a person can see what went wrong; they must still be safe to
share. Bearer tokens keep their first four characters (to tell two apart), secrets nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SECRET_FIELDS = {
    "clientsecret",
    "client_secret",
    "password",
    "token",
    "accesstoken",
    "access_token",
    "refresh_token",
    "authtoken",
}
SECRET_HEADERS = {"authorization", "proxy-authorization", "cookie", "set-cookie"}
REDACTED = "<redacted>"


def token_hint(token: str) -> str:
    return f"{token[:4]}…{REDACTED}" if len(token) > 8 else REDACTED


def header_value(name: str, value: str) -> str:
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, _, credentials = value.partition(" ")
    if credentials and scheme.lower() == "bearer":
        return f"Bearer {token_hint(credentials)}"
    return f"{scheme} {REDACTED}" if credentials else REDACTED


def headers(raw: Mapping[str, str]) -> dict[str, str]:
    return {name: header_value(name, value) for name, value in raw.items()}


def body(value: Any) -> Any:
    """A copy of a JSON body (or form) with secret fields replaced."""
    if isinstance(value, dict):
        return {
            k: (REDACTED if k.lower() in SECRET_FIELDS and v is not None else body(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [body(item) for item in value]
    return value


def url(value: str, secrets: tuple[str, ...] = ()) -> str:
    """``value`` with each secret (e.g. a device token in the path) replaced."""
    for secret in secrets:
        if secret:
            value = value.replace(secret, REDACTED)
    return value
