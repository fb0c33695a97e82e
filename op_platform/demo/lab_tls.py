"""TLS for the demo federation: a lab CA and one certificate per operator, made with
``op_platform.security.certs`` in the demo's folder.

Each OP then listens with HTTPS on its main port (client certificates asked for, verified when
presented) and on a partner port where a certificate from the lab CA is required at the
handshake; each calls its partners on their partner ports presenting its own certificate, and
requires one on its EWBI (``security.ewbi_client_cert``): mutual TLS between OPs, tokens bound
to the certificates (RFC 8705).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from op_platform.security.certs import CaFiles, CertFiles, issue, make_ca


@dataclass(frozen=True)
class LabTls:
    ca: CaFiles
    certs: dict[str, CertFiles]

    def verify(self) -> str:
        """The CA bundle a demo client verifies the OPs with."""
        return str(self.ca.cert)


def make_lab_tls(folder: Path, operator_ids: list[str]) -> LabTls:
    pki = folder / "pki"
    ca = make_ca(pki, name="op-platform demo lab CA", force=True)
    certs = {
        me: issue(ca, me, dns=["localhost", me], ips=["127.0.0.1"], directory=pki)
        for me in operator_ids
    }
    return LabTls(ca, certs)


def op_tls(lab: LabTls, me: str, port: int, partner_port: int) -> dict[str, Any]:
    """Settings of one OP's listeners and of its own outbound TLS."""
    own = lab.certs[me]
    return {
        "listen": {
            "host": "127.0.0.1",
            "port": port,
            "partner_port": partner_port,
            "tls": {"cert": str(own.cert), "key": str(own.key), "client_ca": str(lab.ca.cert)},
        },
        "public_base_url": f"https://127.0.0.1:{port}",
        "tls_client": {"ca": str(lab.ca.cert)},
        "security": {"ewbi_client_cert": True},
    }


def partner_tls(lab: LabTls, me: str) -> dict[str, str]:
    """How ``me`` verifies a partner and the certificate it presents to it."""
    own = lab.certs[me]
    return {"ca": str(lab.ca.cert), "cert": str(own.cert), "key": str(own.key)}
