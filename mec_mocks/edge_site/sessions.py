"""Who may call the gateway: Redfish sessions (``X-Auth-Token``) and HTTP Basic, both checked
against the one lab account. Sessions expire after ``SessionTimeout`` seconds unused."""

from __future__ import annotations

import base64
import binascii
import hmac
import itertools
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from mec_mocks.edge_site.errors import Unauthorized

CHALLENGE = {"WWW-Authenticate": 'Basic realm="Redfish"'}


@dataclass
class Session:
    id: str
    user: str
    token: str
    created: float = field(default_factory=time.time)
    last_used: float = field(default_factory=time.monotonic)


class Sessions:
    def __init__(self, user: str, password: str, timeout: int) -> None:
        self.user = user
        self._password = password
        self.timeout = timeout
        self._by_id: dict[str, Session] = {}
        self._ids = itertools.count(1)

    def valid(self, user: str, password: str) -> bool:
        return hmac.compare_digest(user.encode(), self.user.encode()) and hmac.compare_digest(
            password.encode(), self._password.encode()
        )

    def login(self, user: str, password: str) -> Session:
        if not self.valid(user, password):
            raise Unauthorized("Invalid user name or password.", headers=CHALLENGE)
        session = Session(str(next(self._ids)), user, secrets.token_urlsafe(24))
        self._by_id[session.id] = session
        return session

    def _expire(self) -> None:
        now = time.monotonic()
        for sid, s in list(self._by_id.items()):
            if now - s.last_used > self.timeout:
                del self._by_id[sid]

    def all(self) -> list[Session]:
        self._expire()
        return list(self._by_id.values())

    def get(self, session_id: str) -> Session | None:
        self._expire()
        return self._by_id.get(session_id)

    def remove(self, session_id: str) -> bool:
        return self._by_id.pop(session_id, None) is not None

    def basic(self, headers: Mapping[str, str]) -> str | None:
        """The user of a valid ``Authorization: Basic`` header, or None."""
        scheme, _, value = headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            user, _, password = base64.b64decode(value, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return user if self.valid(user, password) else None

    def authenticate(self, headers: Mapping[str, str], *, basic_only: bool = False) -> str:
        """The caller's user name; 401 (with a Basic challenge) when neither way is valid."""
        user = self.basic(headers)
        if user is not None:
            return user
        token = headers.get("X-Auth-Token")
        if token and not basic_only:
            self._expire()
            for s in self._by_id.values():
                if hmac.compare_digest(s.token.encode(), token.encode()):
                    s.last_used = time.monotonic()
                    return s.user
        raise Unauthorized(headers=CHALLENGE)
