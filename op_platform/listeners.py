"""Where the OP listens, with TLS when configured.

The main listener (``listen.host``/``listen.port``) serves every interface; with ``listen.tls`` it
speaks HTTPS and, when ``tls.client_ca`` is set, asks for a client certificate and verifies any
that is presented (a certificate from another CA fails the handshake). ``listen.partner_port``
is a second listener for partner OPs on which a client certificate from ``client_ca`` is
required at the handshake: a partner presenting none, or one from another CA, never reaches the
application.
"""

from __future__ import annotations

import ssl

from aiohttp import web

from op_platform.settings import Settings
from perimeter.tls import server_context


def main_context(settings: Settings) -> ssl.SSLContext | None:
    tls = settings.listen.tls
    if tls is None:
        return None
    context = server_context(tls.cert, tls.key, client_ca=tls.client_ca)
    if tls.client_ca is not None:
        context.verify_mode = ssl.CERT_OPTIONAL  # verified when presented, required on partner_port
    return context


def partner_context(settings: Settings) -> ssl.SSLContext | None:
    tls = settings.listen.tls
    if tls is None or tls.client_ca is None:
        return None
    return server_context(tls.cert, tls.key, client_ca=tls.client_ca)


async def start_sites(
    runner: web.AppRunner, settings: Settings, *, port: int | None = None
) -> list[web.TCPSite]:
    """Start the main listener (on ``port`` when given, else ``listen.port``) and the partner
    listener when configured; the sites, started."""
    listen = settings.listen
    sites = [
        web.TCPSite(
            runner,
            listen.host,
            listen.port if port is None else port,
            ssl_context=main_context(settings),
        )
    ]
    if listen.partner_port is not None:
        sites.append(
            web.TCPSite(
                runner, listen.host, listen.partner_port, ssl_context=partner_context(settings)
            )
        )
    for site in sites:
        await site.start()
    return sites
