"""Reads served from memory until a table they came from changes.

An entry is stored with the tables it depends on; :meth:`ReadCache.invalidate` (called for the
tables a commit changed, locally at once and from other replicas within the poll interval of
:mod:`op_platform.db.generations`) drops every entry that depends on one of them. A read that was
running while its tables changed is not stored, so a stale value never lands after an
invalidation.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar

T = TypeVar("T")
MAX_ENTRIES = 50_000


class ReadCache:
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: dict[Hashable, tuple[frozenset[str], Any]] = {}
        self._versions: dict[str, int] = {}
        self.hits = 0
        self.misses = 0

    def _version(self, tables: frozenset[str]) -> tuple[int, ...]:
        return tuple(self._versions.get(name, 0) for name in sorted(tables))

    async def get(
        self, key: Hashable, tables: Iterable[str], load: Callable[[], Awaitable[T]]
    ) -> T:
        """The cached value of ``key``, or ``load()``'s (stored unless ``tables`` changed while
        it ran)."""
        found = self._entries.get(key)
        if found is not None:
            self.hits += 1
            value: T = found[1]
            return value
        self.misses += 1
        watched = frozenset(tables)
        before = self._version(watched)
        value = await load()
        if self._version(watched) == before:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[key] = (watched, value)
        return value

    def invalidate(self, tables: frozenset[str]) -> None:
        for name in tables:
            self._versions[name] = self._versions.get(name, 0) + 1
        stale = [key for key, (deps, _) in self._entries.items() if deps & tables]
        for key in stale:
            del self._entries[key]

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
