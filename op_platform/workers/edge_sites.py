"""The edge sites this OP watches: one :class:`SiteWatcher` per zone that names a site, each run
by its own :class:`Worker` (a poll every ``poll_interval``, and a read at once when the site
pushes an event), and the one place the event receiver finds them."""

from __future__ import annotations

from collections.abc import Iterator

from op_platform.errors import NotFound
from op_platform.services.edge.watcher import SiteWatcher
from op_platform.workers.loop import Worker

PREFIX = "edge-site:"


class EdgeSites:
    def __init__(self) -> None:
        self._watchers: dict[str, SiteWatcher] = {}

    def add(self, watcher: SiteWatcher) -> Worker:
        """Watch ``watcher``'s site; the worker that runs it (the caller starts it)."""
        # The worker sleeps until the next poll is due (polls start on time, not an interval
        # after the last one ended) or until an event wakes it.
        worker = Worker(
            PREFIX + watcher.zone_id,
            watcher.run_pass,
            watcher.site.poll_interval,
            until_due=watcher.seconds_to_poll,
        )
        watcher.wake = worker.wake
        self._watchers[watcher.zone_id] = watcher
        return worker

    def __iter__(self) -> Iterator[SiteWatcher]:
        return iter(self._watchers.values())

    def __len__(self) -> int:
        return len(self._watchers)

    def get(self, zone_id: str) -> SiteWatcher:
        found = self._watchers.get(zone_id)
        if found is None:
            raise NotFound(f"no edge site is watched for zone {zone_id!r}")
        return found

    async def close(self) -> None:
        for watcher in self._watchers.values():
            await watcher.close()
