"""The lab CA: certificates, mutual TLS between an aiohttp server and httpx clients, RFC 8705
thumbprints, and ``op-platform certs``."""

from __future__ import annotations

import ssl
import stat
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from op_platform.cli import main
from op_platform.security import certs
from perimeter import Policy, make_client
from tests.helpers.loopback import Serve


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _eku(path: Path) -> set[x509.ObjectIdentifier]:
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    return set(cert.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value)


def test_ca_and_issued_certificates(lab_ca: certs.CaFiles) -> None:
    made = certs.issue(lab_ca, "op-1", dns=["localhost", "op-1"], ips=["127.0.0.1"], client=False)
    assert made.cert.name == "op-1.crt" and made.key.name == "op-1.key"
    assert _mode(lab_ca.key) == 0o600 and _mode(made.key) == 0o600
    cert = x509.load_pem_x509_certificate(made.cert.read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert sans.get_values_for_type(x509.DNSName) == ["localhost", "op-1"]
    assert [str(ip) for ip in sans.get_values_for_type(x509.IPAddress)] == ["127.0.0.1"]
    assert _eku(made.cert) == {ExtendedKeyUsageOID.SERVER_AUTH}
    assert cert.issuer == x509.load_pem_x509_certificate(lab_ca.cert.read_bytes()).subject
    client_only = certs.issue(lab_ca, "app", server=False)
    assert _eku(client_only.cert) == {ExtendedKeyUsageOID.CLIENT_AUTH}
    with pytest.raises(certs.CertError, match="serverAuth, clientAuth or both"):
        certs.issue(lab_ca, "none", server=False, client=False)
    with pytest.raises(certs.CertError, match="invalid name"):
        certs.issue(lab_ca, "../escape")
    with pytest.raises(certs.CertError, match="already exists"):
        certs.make_ca(lab_ca.cert.parent)


def test_thumbprint_is_base64url_sha256() -> None:
    # SHA-256 of b"abc" is ba7816bf...; base64url without padding
    assert certs.thumbprint(b"abc") == "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0"


async def test_mutual_tls(serve: Serve, lab_ca: certs.CaFiles, tmp_path: Path) -> None:
    server = certs.issue(lab_ca, "op-1", dns=["localhost"], ips=["127.0.0.1"], client=False)
    client = certs.issue(lab_ca, "op-2", server=False)
    seen: list[str | None] = []

    async def who(request: web.Request) -> web.Response:
        ssl_object = request.transport.get_extra_info("ssl_object")  # type: ignore[union-attr]
        der = ssl_object.getpeercert(binary_form=True)
        seen.append(certs.thumbprint(der))
        return web.json_response({"x5t#S256": certs.peer_thumbprint(ssl_object)})

    app = web.Application()
    app.router.add_get("/who", who)
    port = await serve(app, certs.server_context(server, client_ca=lab_ca))
    url = f"https://127.0.0.1:{port}/who"

    async with httpx.AsyncClient(verify=certs.client_context(lab_ca, client)) as http:
        answer = await http.get(url)
    assert answer.json()["x5t#S256"] == certs.file_thumbprint(client.cert) == seen[0]

    async with make_client(
        Policy.loopback(), verify=lab_ca.cert, cert=(client.cert, client.key)
    ) as pinned:
        assert (await pinned.get(url)).json()["x5t#S256"] == seen[0]

    stranger_ca = certs.make_ca(tmp_path / "stranger", "Stranger CA")
    stranger = certs.issue(stranger_ca, "op-9", server=False)
    for cert in (None, stranger):
        async with httpx.AsyncClient(verify=certs.client_context(lab_ca, cert)) as http:
            with pytest.raises(httpx.TransportError):
                await http.get(url)
    assert len(seen) == 2  # the handler never ran for the refused handshakes


def test_contexts_are_strict(lab_ca: certs.CaFiles) -> None:
    server = certs.issue(lab_ca, "op-1", client=False)
    assert certs.server_context(server).verify_mode == ssl.CERT_NONE
    required = certs.server_context(server, client_ca=lab_ca)
    assert required.verify_mode == ssl.CERT_REQUIRED
    assert required.minimum_version == ssl.TLSVersion.TLSv1_2
    client = certs.client_context(lab_ca)
    assert client.check_hostname and client.verify_mode == ssl.CERT_REQUIRED


def test_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "pki"
    assert main(["certs", "issue", "--dir", str(folder), "--name", "op-1"]) == 1
    assert "no CA in" in capsys.readouterr().err
    assert main(["certs", "init", "--dir", str(folder), "--name", "Lab CA"]) == 0
    assert main(["certs", "init", "--dir", str(folder)]) == 1
    assert "already exists" in capsys.readouterr().err
    args = ["certs", "issue", "--dir", str(folder), "--name", "op-1", "--dns", "localhost"]
    assert main([*args, "--ip", "127.0.0.1", "--server"]) == 0
    out = capsys.readouterr().out
    assert "serverAuth" in out and "clientAuth" not in out
    assert f"x5t#S256: {certs.file_thumbprint(folder / 'op-1.crt')}" in out
    assert _eku(folder / "op-1.crt") == {ExtendedKeyUsageOID.SERVER_AUTH}
    assert main(["certs", "issue", "--dir", str(folder), "--name", "op-2"]) == 0
    assert _eku(folder / "op-2.crt") == {
        ExtendedKeyUsageOID.SERVER_AUTH,
        ExtendedKeyUsageOID.CLIENT_AUTH,
    }
    assert all(_mode(p) == 0o600 for p in folder.glob("*.key"))
    assert main(["certs", "issue", "--dir", str(folder), "--name", "x", "--ip", "nope"]) == 1
