"""NBI test helpers: manifests, app provider tokens, an HTTPS CloudEvent sink on loopback."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import json
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import NBI_SCOPES, TEST_CLIENT, TEST_SECRET, free_port

ROOT = "/edge-application-management/v0.1alpha1"
OTHER_CLIENT = "provider-two"
OTHER_SECRET = "provider-two-secret"
ALL = " ".join(NBI_SCOPES)


def clients() -> list[dict[str, Any]]:
    """Settings ``clients``: the test client (every scope) and a second app provider."""
    return [
        {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": NBI_SCOPES},
        {"client_id": OTHER_CLIENT, "client_secret": OTHER_SECRET, "scopes": NBI_SCOPES},
    ]


def nbi(base: str, path: str) -> str:
    return base.rstrip("/") + ROOT + path


async def headers(
    http: httpx.AsyncClient,
    base: str,
    scope: str = ALL,
    client: str = TEST_CLIENT,
    secret: str = TEST_SECRET,
) -> dict[str, str]:
    return bearer(await fetch_token(http, base, client, secret, scope))


def manifest(name: str = "ArenaGame", **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": name,
        "appProvider": "GameStudio01",
        "version": "2.1.0",
        "packageType": "CONTAINER",
        "operatingSystem": {
            "architecture": "x86_64",
            "family": "UBUNTU",
            "version": "OS_VERSION_UBUNTU_2204_LTS",
            "license": "OS_LICENSE_TYPE_FREE",
        },
        "appRepo": {
            "type": "PUBLICREPO",
            "imagePath": "https://registry.example.com/gamestudio/arena:2.1.0",
        },
        "requiredResources": {"infraKind": "container", "numCPU": "500m", "memory": 1024},
        "componentSpec": [
            {
                "componentName": "arena_server",
                "networkInterfaces": [
                    {
                        "interfaceId": "http_api",
                        "protocol": "TCP",
                        "port": 8080,
                        "visibilityType": "VISIBILITY_EXTERNAL",
                    }
                ],
            }
        ],
    }
    body.update(overrides)
    return {k: v for k, v in body.items() if v is not None}


async def poll(check: Any, within: float = 30.0) -> Any:
    """Call ``check()`` (async) until it returns something truthy; fail after ``within`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + within
    while True:
        found = await check()
        if found:
            return found
        if loop.time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.1)


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "sink.pem", folder / "sink.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


@dataclass
class Sink:
    """An HTTPS receiver of CloudEvents on 127.0.0.1 (self-signed; ``client`` trusts it)."""

    folder: Path
    port: int = field(default_factory=free_port)
    events: list[dict[str, Any]] = field(default_factory=list)
    authorizations: list[str | None] = field(default_factory=list)
    content_types: list[str] = field(default_factory=list)
    runner: web.AppRunner | None = None
    trust: ssl.SSLContext | None = None

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}/notifications"

    async def _receive(self, request: web.Request) -> web.Response:
        self.events.append(json.loads(await request.text()))
        self.authorizations.append(request.headers.get("Authorization"))
        self.content_types.append(request.content_type)
        return web.Response(status=204)

    async def start(self) -> Sink:
        cert, key = _certificate(self.folder)
        server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server.load_cert_chain(cert, key)
        self.trust = ssl.create_default_context(cafile=str(cert))
        app = web.Application()
        app.router.add_post("/notifications", self._receive)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port, ssl_context=server).start()
        return self

    def client(self) -> httpx.AsyncClient:
        """An http client for the OP that trusts this sink's certificate."""
        return httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=5.0), verify=self.trust)

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    def statuses(self, instance_id: str) -> list[str]:
        return [
            e["data"]["status"]
            for e in self.events
            if isinstance(e, dict) and e["data"]["appInstanceId"] == instance_id
        ]

    def deployment_statuses(self, deployment_id: str) -> list[str]:
        """Statuses of the deployment's CloudEvents (each body is an array of events)."""
        return [
            e["data"]["status"]
            for batch in self.events
            if isinstance(batch, list)
            for e in batch
            if e["data"]["appDeploymentId"] == deployment_id
        ]
