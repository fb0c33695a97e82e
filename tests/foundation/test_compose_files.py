"""The files compose.yaml runs with: the health check (https verified with a lab CA), the `certs`
one-shot (compose/certs: made once, kept after, owners and modes), and the operators' settings
(TLS on both listeners, mutual TLS toward every partner, only the OPs' main ports published)."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from aiohttp import web

from mec_mocks.common.serving import bind_socket, start_server
from op_platform.security.certs import issue, make_ca
from op_platform.settings import load_settings
from perimeter.tls import server_context

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "compose"


def compose_file() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
    return data


async def health(url: str, ca: Path | None) -> int:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HEALTHCHECK_")}
    if ca is not None:
        env["HEALTHCHECK_CA"] = str(ca)
    process = await asyncio.create_subprocess_exec(
        sys.executable, str(COMPOSE / "healthcheck"), url, env=env, stderr=subprocess.DEVNULL
    )
    return await process.wait()


async def ready(_: web.Request) -> web.Response:
    return web.json_response({"status": "ready"})


async def test_healthcheck_verifies_https_with_the_lab_ca(tmp_path: Path) -> None:
    ca = make_ca(tmp_path, name="test lab CA")
    own = issue(ca, "op-1", dns=["localhost"], ips=["127.0.0.1"])
    app = web.Application()
    app.router.add_get("/readyz", ready)
    server = await start_server(app, bind_socket(), ssl_context=server_context(own.cert, own.key))
    try:
        url = f"https://localhost:{server.port}/readyz"
        assert await health(url, ca.cert) == 0
        assert await health(url, None) == 1  # the system's CAs do not know the lab CA
        assert await health(f"https://localhost:{server.port}/missing", ca.cert) == 1
    finally:
        await server.stop()


def lab_certs(directory: Path, *names: str) -> str:
    owner = f"{os.getuid()}:{os.getgid()}"
    env = {**os.environ, "CERTS_DIR": str(directory), "CERTS_OWNER": owner}
    done = subprocess.run(
        [sys.executable, str(COMPOSE / "certs"), *names],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_certs_made_once_then_kept(tmp_path: Path) -> None:
    folder = tmp_path / "certs"
    first = lab_certs(folder, "op-1", "edge-1")
    assert "lab CA: made" in first and "op-1: issued" in first
    made = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert sorted(made) == ["ca.crt", "ca.key", "edge-1.crt", "edge-1.key", "op-1.crt", "op-1.key"]
    assert mode(folder / "op-1.key") == mode(folder / "ca.key") == 0o600
    assert mode(folder / "op-1.crt") == mode(folder / "ca.crt") == 0o644
    assert (folder / "op-1.key").stat().st_uid == (folder / "ca.crt").stat().st_uid == os.getuid()

    again = lab_certs(folder, "op-1", "edge-1", "op-2")
    assert "lab CA: kept" in again and "op-1: kept" in again and "op-2: issued" in again
    assert all((folder / name).read_bytes() == data for name, data in made.items())

    (folder / "ca.key").unlink()  # a lost CA: a new one, every certificate issued again
    renewed = lab_certs(folder, "op-1")
    assert "lab CA: made" in renewed and "op-1: issued" in renewed
    assert (folder / "ca.crt").read_bytes() != made["ca.crt"]
    assert not (folder / "op-2.crt").exists()


def test_certs_refuses_a_bad_name(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(COMPOSE / "certs"), "no/such"],
        env={**os.environ, "CERTS_DIR": str(tmp_path), "CERTS_OWNER": "0:0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1 and "invalid name 'no/such'" in done.stderr


def test_operators_use_tls_and_mutual_tls_between_them() -> None:
    services = compose_file()["services"]
    issued = set(services["certs"]["command"])
    for n in (1, 2, 3):
        me = f"op-{n}"
        settings = load_settings(COMPOSE / f"{me}.toml", environ={})
        tls = settings.listen.tls
        assert tls is not None and tls.client_ca == Path("/certs/ca.crt")
        assert tls.cert == Path(f"/certs/{me}.crt") and me in issued
        assert settings.listen.partner_port == 8443 and settings.security.ewbi_client_cert
        assert settings.partner_url == f"https://{me}:8443"
        for partner in settings.partners:
            assert str(partner.ewbi_base_url).startswith(f"https://{partner.id}:8443/")
            assert str(partner.token_url) == f"https://{partner.id}:8443/oauth2/token"
            assert partner.tls is not None and partner.tls.ca == Path("/certs/ca.crt")
            assert partner.tls.cert == Path(f"/certs/{me}.crt")
        assert str(settings.nef_url).rstrip("/") == f"http://nef-{n}:9003"
        assert settings.nef.client_secret is not None
        assert all(zone.dnai for zone in settings.zones)
        (site,) = [zone.edge_site for zone in settings.zones if zone.edge_site is not None]
        assert str(site.url).rstrip("/") == f"https://edge-{n}:8443"
        assert site.ca_file == Path("/certs/ca.crt")


def test_only_the_ops_main_ports_are_published() -> None:
    services = compose_file()["services"]
    published = {name: s["ports"] for name, s in services.items() if s.get("ports")}
    assert sorted(published) == ["op-1", "op-2", "op-3"]
    assert all(port.endswith(":8080") for ports in published.values() for port in ports)
    issued = services["certs"]["command"]
    for name, service in services.items():
        if name.startswith("edge-"):
            assert f"/certs/{name}.crt" in service["command"] and name in issued


@pytest.mark.skipif(os.geteuid() != 0, reason="giving files to another user needs root")
def test_certs_go_to_the_images_user_but_the_ca_key_stays_roots(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(COMPOSE / "certs"), "op-1"],
        env={**os.environ, "CERTS_DIR": str(tmp_path)},  # default owner: 10001:10001
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    owners = {p.name: (p.stat().st_uid, p.stat().st_gid) for p in tmp_path.iterdir()}
    assert owners == {
        "ca.crt": (10001, 10001),
        "ca.key": (0, 0),
        "op-1.crt": (10001, 10001),
        "op-1.key": (10001, 10001),
    }
