"""What every row gets: the options, a scratch folder, and the floors (started once, shared)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import floors
from benchmarks.procs import Processes


@dataclass
class Bench:
    quick: bool
    databases: list[str]  # "sqlite", "postgresql"
    folder: Path
    floors: Processes
    install: bool = True  # install Prism with npm when it is not in the cache
    started: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        """How long each throughput measure lasts."""
        return 1.0 if self.quick else 4.0

    @property
    def rounds(self) -> int:
        """Turns the measures of one row are taken in (see ``load.interleaved``)."""
        return 1 if self.quick else 4

    connections = 32

    async def floor(
        self, name: str, start: Callable[[], Awaitable[tuple[str | None, str]]]
    ) -> tuple[str | None, str]:
        """The floor ``name``, started on first use: (base URL, "") or (None, why skipped)."""
        if name not in self.started:
            self.started[name] = await start()
        return self.started[name]

    async def bare(self, name: str, body: Any) -> str:
        async def start() -> tuple[str | None, str]:
            return await floors.bare_server(self.floors, name, body), ""

        url, _ = await self.floor(f"bare:{name}", start)
        assert url is not None
        return url

    async def chain(self, body: Any) -> str:
        async def start() -> tuple[str | None, str]:
            return await floors.bare_chain(self.floors, body), ""

        url, _ = await self.floor("chain", start)
        assert url is not None
        return url

    async def prism(self, spec: str) -> tuple[str | None, str]:
        return await self.floor(
            f"prism:{spec}", lambda: floors.prism(self.floors, spec, self.install)
        )
