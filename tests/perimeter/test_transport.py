"""The pinned transport: resolve once, check every address, connect to the checked one,
keep the name for Host, SNI and certificate verification; redirects checked hop by hop."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from op_platform.security import certs
from perimeter import DestinationRefused, Policy, make_client
from perimeter.resolver import PinnedResolver, Resolver
from tests.helpers.loopback import Serve

LAB = Policy.loopback()


def resolver(table: dict[str, list[str]]) -> tuple[list[str], Resolver]:
    """A stub resolver over ``table``; returns (the names asked, the resolver)."""
    asked: list[str] = []

    async def resolve(host: str, port: int) -> list[str]:
        asked.append(host)
        if host not in table:
            raise OSError("no such host")
        return table[host]

    return asked, resolve


def echo_app(seen: list[web.Request] | None = None) -> web.Application:
    async def echo(request: web.Request) -> web.Response:
        if seen is not None:
            seen.append(request)
        return web.json_response({"host": request.host, "path": request.path})

    app = web.Application()
    app.router.add_get("/{tail:.*}", echo)
    return app


async def test_loopback_literal_needs_the_allow_list(serve: Serve) -> None:
    port = await serve(echo_app())
    async with make_client(LAB) as client:
        assert (await client.get(f"http://127.0.0.1:{port}/x")).json()["path"] == "/x"
    http_only = Policy(schemes=frozenset({"http"}))
    async with make_client(http_only) as client:
        with pytest.raises(DestinationRefused) as caught:
            await client.get(f"http://127.0.0.1:{port}/admin")
    assert "loopback" in caught.value.reason and str(port) not in str(caught.value)
    async with make_client(Policy()) as client:
        with pytest.raises(DestinationRefused, match="scheme must be https"):
            await client.get(f"http://127.0.0.1:{port}/x")


async def test_a_name_resolving_to_loopback_is_refused(serve: Serve) -> None:
    seen: list[web.Request] = []
    port = await serve(echo_app(seen))
    asked, resolve = resolver({"files.example": ["127.0.0.1"]})
    policy = Policy(schemes=frozenset({"http"}))
    async with make_client(policy, resolver=resolve) as client:
        with pytest.raises(DestinationRefused) as caught:
            await client.get(f"http://files.example:{port}/pkg.zip")
    assert caught.value.reason == "the host name resolves to an address that is not allowed"
    assert asked == ["files.example"] and seen == []
    async with make_client(LAB, resolver=resolve) as client:
        answer = await client.get(f"http://files.example:{port}/pkg.zip")
    assert answer.json()["host"] == f"files.example:{port}"


async def test_every_resolved_address_is_checked() -> None:
    _, resolve = resolver(
        {"mixed.example": ["93.184.216.34", "10.0.0.7"], "public.example": ["93.184.216.34"]}
    )
    pinned = PinnedResolver(Policy(), resolve)
    with pytest.raises(DestinationRefused):
        await pinned.resolve("mixed.example", 443)
    found = await pinned.resolve("public.example", 443)
    # The connector dials the checked address itself (a numeric host): no second lookup.
    assert [(r["host"], r["hostname"], r["port"]) for r in found] == [
        ("93.184.216.34", "public.example", 443)
    ]
    assert found[0]["flags"] & socket.AI_NUMERICHOST


async def test_unresolvable_name_is_a_connect_error() -> None:
    _, resolve = resolver({})
    async with make_client(Policy(), resolver=resolve) as client:
        with pytest.raises(httpx.ConnectError) as caught:
            await client.get("https://nowhere.example/")
    assert not isinstance(caught.value, DestinationRefused)


async def test_redirect_to_loopback_is_refused(serve: Serve) -> None:
    admin_calls: list[web.Request] = []
    admin_port = await serve(echo_app(admin_calls))

    async def bounce(request: web.Request) -> web.Response:
        raise web.HTTPFound(f"http://127.0.0.1:{admin_port}/admin")

    app = web.Application()
    app.router.add_get("/pkg.zip", bounce)
    port = await serve(app)
    _, resolve = resolver({"files.example": ["127.0.0.1"]})
    policy = Policy.model_validate({"schemes": ["http"], "allowed_hosts": ["files.example"]})
    async with make_client(policy, resolver=resolve) as client:
        answer = await client.get(f"http://files.example:{port}/pkg.zip")
        assert answer.status_code == 302  # not followed by default
    kept = make_client(policy, resolver=resolve, follow_redirects=True)
    async with kept as client:
        with pytest.raises(DestinationRefused, match="loopback"):
            await client.get(f"http://files.example:{port}/pkg.zip")
    assert admin_calls == []


async def test_tls_verifies_the_name_not_the_pinned_address(
    serve: Serve, lab_ca: certs.CaFiles, tmp_path: Path
) -> None:
    seen: list[web.Request] = []
    good = certs.issue(lab_ca, "files", dns=["files.example"], client=False)
    context = certs.server_context(good)
    names: list[str | None] = []
    context.sni_callback = lambda _obj, name, _ctx: names.append(name)  # type: ignore[func-returns-value]
    port = await serve(echo_app(seen), context)
    _, resolve = resolver({"files.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    async with make_client(LAB, verify=lab_ca.cert, resolver=resolve) as client:
        answer = await client.get(f"https://files.example:{port}/pkg.zip")
        assert answer.json() == {"host": f"files.example:{port}", "path": "/pkg.zip"}
        assert names == ["files.example"]  # SNI is the name, though 127.0.0.1 was dialled
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(f"https://other.example:{port}/pkg.zip")
    other_ca = certs.make_ca(tmp_path / "other-pki", "Other CA")
    async with make_client(LAB, verify=other_ca.cert, resolver=resolve) as client:
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.get(f"https://files.example:{port}/pkg.zip")
