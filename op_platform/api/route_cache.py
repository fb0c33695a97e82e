"""Route resolution remembered per (method, path), for the root application.

aiohttp resolves a path by walking it back segment by segment and trying, in turn, every
resource registered under the longest prefix it finds: an EWBI path such as
``/{federationContextId}/zones/{zoneId}`` is matched against the regular expression of every
EWBI resource that starts with a variable, on every request. The outcome depends only on the
method and the path (no resource here matches on the host or a header), so a found route is
kept with its match and the sub-applications that led to it, and a hit builds a fresh match
info from them. Not-found and method-not-allowed answers are not kept, nor paths longer than
:data:`MAX_PATH` (a path variable takes any length, and resolution runs before authentication);
the map is bounded and starts again when full: a few MB at most.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.web_urldispatcher import AbstractRoute, UrlMappingMatchInfo

MAX_ENTRIES = 4096
MAX_PATH = 256  # characters; the operations' own paths, identifiers included, are shorter

Resolved = tuple[AbstractRoute, dict[str, str], tuple[web.Application, ...]]


class CachedRouter(web.UrlDispatcher):
    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        super().__init__()
        self.max_entries = max_entries
        self._resolved: dict[tuple[str, str], Resolved] = {}

    async def resolve(self, request: web.Request) -> UrlMappingMatchInfo:
        key = (request.method, request.rel_url.path_safe)
        found = self._resolved.get(key)
        if found is not None:
            route, match, apps = found
            info = UrlMappingMatchInfo(dict(match), route)
            for app in reversed(apps):  # add_app puts each in front: the same order again
                info.add_app(app)
            return info
        info = await super().resolve(request)
        if info.http_exception is None and len(key[1]) <= MAX_PATH:
            if len(self._resolved) >= self.max_entries:
                self._resolved.clear()
            self._resolved[key] = (info.route, dict(info), info.apps)
        return info

    @property
    def remembered(self) -> int:
        """How many (method, path) resolutions are kept."""
        return len(self._resolved)
