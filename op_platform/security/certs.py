"""A lab certificate authority: a CA, certificates it issues, TLS contexts and RFC 8705 thumbprints.

For labs, demos and tests, where OPs talk TLS and mutual TLS to each other without a public CA.
Keys are EC P-256, written with mode 0600. A directory holds ``ca.crt``/``ca.key`` and one
``NAME.crt``/``NAME.key`` pair per issued certificate. ``op-platform certs`` (cli_certs.py) is
the command line; the functions serve code too (the demo makes a CA per run).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import ipaddress
import os
import re
import ssl
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from perimeter import tls

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
CA_NAME = "ca"


class CertError(Exception):
    """A certificate could not be made (bad name, missing CA, file already there)."""


@dataclass(frozen=True)
class CertFiles:
    cert: Path
    key: Path


@dataclass(frozen=True)
class CaFiles(CertFiles):
    def load(self) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
        cert = x509.load_pem_x509_certificate(self.cert.read_bytes())
        key = serialization.load_pem_private_key(self.key.read_bytes(), password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise CertError(f"{self.key} is not an EC private key")
        return cert, key


def _files(directory: Path, name: str) -> CertFiles:
    if not NAME.match(name):
        raise CertError(f"invalid name {name!r}: letters, digits, '.', '_' and '-' only")
    return CertFiles(directory / f"{name}.crt", directory / f"{name}.key")


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    data = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as sink:
        sink.write(data)
    path.chmod(0o600)


def _write(files: CertFiles, cert: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> None:
    files.cert.parent.mkdir(parents=True, exist_ok=True)
    _write_key(files.key, key)
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _builder(
    subject: str, issuer: x509.Name | None, key: ec.EllipticCurvePrivateKey, days: int
) -> x509.CertificateBuilder:
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    return (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer or name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=not cert_sign,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )


def make_ca(
    directory: str | Path, name: str = "Lab CA", *, days: int = 3650, force: bool = False
) -> CaFiles:
    """A CA key and self-signed certificate in ``directory`` (``ca.crt``, ``ca.key``)."""
    files = _files(Path(directory), CA_NAME)
    if files.key.exists() and not force:
        raise CertError(f"{files.key} already exists (use --force to replace the CA)")
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        _builder(name, None, key, days)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .sign(key, hashes.SHA256())
    )
    _write(files, cert, key)
    return CaFiles(files.cert, files.key)


def load_ca(directory: str | Path) -> CaFiles:
    files = _files(Path(directory), CA_NAME)
    if not (files.cert.exists() and files.key.exists()):
        raise CertError(f"no CA in {directory}: run 'op-platform certs init --dir {directory}'")
    return CaFiles(files.cert, files.key)


def issue(
    ca: CaFiles,
    name: str,
    *,
    dns: Iterable[str] = (),
    ips: Iterable[str] = (),
    server: bool = True,
    client: bool = True,
    days: int = 825,
    directory: str | Path | None = None,
) -> CertFiles:
    """A key and a certificate for ``name`` signed by ``ca``: SANs from ``dns`` and ``ips``
    (``name`` itself when both are empty), EKU serverAuth and/or clientAuth. Files go next to
    the CA unless ``directory`` is given."""
    if not (server or client):
        raise CertError("a certificate needs serverAuth, clientAuth or both")
    files = _files(Path(directory) if directory else ca.cert.parent, name)
    if name == CA_NAME:
        raise CertError("'ca' names the CA itself; choose another name")
    try:
        addresses = [ipaddress.ip_address(ip) for ip in ips]
    except ValueError as exc:
        raise CertError(str(exc)) from None
    sans: list[x509.GeneralName] = [x509.DNSName(d) for d in dns or ([] if addresses else [name])]
    sans += [x509.IPAddress(a) for a in addresses]
    usages = [ExtendedKeyUsageOID.SERVER_AUTH] if server else []
    usages += [ExtendedKeyUsageOID.CLIENT_AUTH] if client else []
    ca_cert, ca_key = ca.load()
    key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = ca_cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    cert = (
        _builder(name, ca_cert.subject, key, days)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage(usages), critical=False)
        .add_extension(x509.SubjectAlternativeName(sans), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write(files, cert, key)
    return files


def server_context(cert: CertFiles, *, client_ca: CertFiles | None = None) -> ssl.SSLContext:
    """Serve with ``cert``; with ``client_ca``, require a client certificate it issued."""
    return tls.server_context(cert.cert, cert.key, client_ca=client_ca.cert if client_ca else None)


def client_context(ca: CertFiles, cert: CertFiles | None = None) -> ssl.SSLContext:
    """Trust ``ca`` only; present ``cert`` when the server asks (mutual TLS)."""
    return tls.client_context(ca.cert, (cert.cert, cert.key) if cert else None)


def thumbprint(der: bytes) -> str:
    """RFC 8705 ``x5t#S256``: base64url (no padding) SHA-256 of the DER certificate."""
    digest = hashlib.sha256(der).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def file_thumbprint(path: str | Path) -> str:
    cert = x509.load_pem_x509_certificate(Path(path).read_bytes())
    return thumbprint(cert.public_bytes(serialization.Encoding.DER))


def peer_thumbprint(ssl_object: ssl.SSLObject | ssl.SSLSocket | None) -> str | None:
    """The ``x5t#S256`` of the certificate the peer presented on this TLS connection, if any
    (server side: ``request.transport.get_extra_info('ssl_object')``)."""
    der = ssl_object.getpeercert(binary_form=True) if ssl_object is not None else None
    return thumbprint(der) if der else None
