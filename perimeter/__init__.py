"""The perimeter: what may leave the process and what may come in.

Shared by ``op_platform`` and ``mec_mocks`` (which never import each other):

- :mod:`perimeter.urls`: the outbound URL :class:`Policy` and :func:`check_url`, the check
  made when a URL is accepted (raises :class:`UrlRefused`);
- :mod:`perimeter.client`: :func:`make_client`, an ``httpx.AsyncClient`` that resolves, checks
  every address and connects to the checked one (raises :class:`DestinationRefused`), with a
  direct path round ``httpx`` for whole-body calls (:meth:`PinnedClient.fetch`);
- :mod:`perimeter.transport`: the ``httpx`` transport under it, over pinned ``aiohttp``
  connections;
- :mod:`perimeter.tls`: client and server ``ssl.SSLContext`` builders (mutual TLS);
- :mod:`perimeter.bodies` and :mod:`perimeter.safejson`: request bodies with size limits and
  JSON with a depth limit (raise :class:`BodyRefused`).
"""

from perimeter.bodies import BodyRefused, read_limited, spool_body
from perimeter.client import PinnedClient, make_client
from perimeter.safejson import loads
from perimeter.transport import DestinationRefused, PinnedTransport
from perimeter.urls import LOOPBACK_NETWORKS, ParsedURL, Policy, UrlRefused, check_url

__all__ = [
    "LOOPBACK_NETWORKS",
    "BodyRefused",
    "DestinationRefused",
    "ParsedURL",
    "PinnedClient",
    "PinnedTransport",
    "Policy",
    "UrlRefused",
    "check_url",
    "loads",
    "make_client",
    "read_limited",
    "spool_body",
]
