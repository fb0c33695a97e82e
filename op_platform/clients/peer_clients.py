"""The HTTP clients one OP calls its peers with, chosen by where a call goes.

Every outbound call leaves through a client built by ``perimeter.make_client``: the outbound
policy (``settings.outbound``) is checked again at connect time on the resolved address, which
is pinned for the connection, and redirects are not followed. A configured partner with its own
``tls`` (the CA that verifies it, the client certificate we present: mutual TLS) gets a client
of its own, used for every URL on the origins of its ``ewbi_base_url`` and ``token_url``; every
other call uses the default client (``settings.tls_client``).

Tests may inject one client for everything (``injected``); it is then used as given.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import httpx

from op_platform.perimeter_settings import ClientTls
from op_platform.settings import Settings
from perimeter import make_client

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class PeerClients:
    def __init__(self, settings: Settings, injected: httpx.AsyncClient | None = None) -> None:
        self._injected = injected
        self.default = injected or self._build(settings, settings.tls_client)
        self._by_origin: dict[str, httpx.AsyncClient] = {}
        self._own: list[httpx.AsyncClient] = [] if injected else [self.default]
        if injected is not None:
            return
        for partner in settings.partners:
            if partner.tls is None:
                continue
            client = self._build(settings, partner.tls)
            self._own.append(client)
            for url in (str(partner.ewbi_base_url), str(partner.token_url)):
                self._by_origin[_origin(url)] = client

    @staticmethod
    def _build(settings: Settings, tls: ClientTls) -> httpx.AsyncClient:
        cert = (tls.cert, tls.key) if tls.cert is not None and tls.key is not None else None
        return make_client(settings.outbound, verify=tls.ca or True, cert=cert, timeout=TIMEOUT)

    def for_url(self, url: str) -> httpx.AsyncClient:
        """The client for a call to ``url``."""
        return self._by_origin.get(_origin(url), self.default)

    async def aclose(self) -> None:
        """Close the clients this object made (an injected one is its owner's to close)."""
        for client in self._own:
            await client.aclose()
