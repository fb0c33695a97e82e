"""TLS contexts for both ends: clients that verify a CA bundle (and may present a certificate,
for mutual TLS) and servers that present a certificate (and may require one from their clients).
"""

from __future__ import annotations

import ssl
from pathlib import Path

import certifi

Verify = ssl.SSLContext | str | Path | bool
"""Server verification: a ready context, a CA bundle file, True (public CAs) or False (none)."""
ClientCert = str | Path | tuple[str | Path, str | Path]
"""The client's certificate: one PEM file with cert and key, or (cert file, key file)."""


def _load_cert(context: ssl.SSLContext, cert: ClientCert) -> None:
    if isinstance(cert, tuple):
        context.load_cert_chain(str(cert[0]), str(cert[1]))
    else:
        context.load_cert_chain(str(cert))


def client_context(verify: Verify = True, cert: ClientCert | None = None) -> ssl.SSLContext:
    """A client context: TLS 1.2 or later, the peer's certificate checked against ``verify``
    and its host name, and ``cert`` presented when the server asks for one."""
    if isinstance(verify, ssl.SSLContext):
        if cert is not None:
            raise ValueError("load the client certificate into the given context instead")
        return verify
    if verify is True:
        context = ssl.create_default_context(cafile=certifi.where())
    elif verify is False:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    else:
        context = ssl.create_default_context(cafile=str(verify))
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    if cert is not None:
        _load_cert(context, cert)
    return context


def server_context(
    certfile: str | Path, keyfile: str | Path, *, client_ca: str | Path | None = None
) -> ssl.SSLContext:
    """A server context presenting ``certfile``; with ``client_ca``, clients must present a
    certificate issued by that CA bundle (mutual TLS), or the handshake fails."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    context.load_cert_chain(str(certfile), str(keyfile))
    if client_ca is not None:
        context.load_verify_locations(cafile=str(client_ca))
        context.verify_mode = ssl.CERT_REQUIRED
    return context
