"""The client certificate of a request's TLS connection, as RFC 8705 names it (``x5t#S256``).

Only a certificate the listener verified against ``listen.tls.client_ca`` is ever seen here: a
certificate from another CA fails the handshake.
"""

from __future__ import annotations

from aiohttp import web

from op_platform.security.certs import peer_thumbprint


def client_thumbprint(request: web.Request) -> str | None:
    transport = request.transport
    if transport is None:
        return None
    return peer_thumbprint(transport.get_extra_info("ssl_object"))
