"""Tokens this OP already verified, so that a hot request does not check a signature again.

A bounded map from the token text to the :class:`Principal` it proved. An entry is used only
while the token is unexpired (its ``exp``, with no leeway added) and only if the key that signed
it is still in the key set; revocation is still checked on every use by the caller (the
revocation list is in memory and kept current across replicas). When full, the oldest entries
go first.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

from op_platform.security.jwt_tokens import Principal

MAX_ENTRIES = 10_000


class VerifiedTokens:
    def __init__(
        self, max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.time
    ) -> None:
        self.max_entries = max_entries
        self._clock = clock
        self._entries: OrderedDict[str, tuple[Principal, str]] = OrderedDict()

    def get(self, token: str, known_kids: object) -> Principal | None:
        """The principal of a token verified before, still unexpired, signed by a known key."""
        found = self._entries.get(token)
        if found is None:
            return None
        principal, kid = found
        if principal.expires_at <= self._clock() or kid not in known_kids:  # type: ignore[operator]
            del self._entries[token]
            return None
        return principal

    def put(self, token: str, principal: Principal, kid: str) -> None:
        self._entries[token] = (principal, kid)
        self._entries.move_to_end(token)
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
