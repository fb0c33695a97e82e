"""PinnedClient.fetch: the same request on the wire as the httpx path, the same checks of where
it goes, the same errors and the same kind of answer; which calls take it; and the client keeps
no cookies."""

from __future__ import annotations

import asyncio
import gzip
from typing import Any

import httpx
import pytest
from aiohttp import web

from op_platform.clients.call import call
from op_platform.ports import free_port
from op_platform.security import certs
from perimeter import DestinationRefused, PinnedClient, Policy, make_client
from tests.helpers.loopback import Serve
from tests.perimeter.test_transport import resolver

LAB = Policy.loopback()


def recorder(seen: list[dict[str, Any]]) -> web.Application:
    """Answers JSON and records each request's method, path, headers (in order) and body."""

    async def record(request: web.Request) -> web.Response:
        seen.append(
            {
                "method": request.method,
                "path": request.raw_path,
                "headers": [
                    (k.decode("latin-1").lower(), v.decode("latin-1"))
                    for k, v in request.raw_headers
                ],
                "body": await request.read(),
            }
        )
        return web.json_response({"n": len(seen)}, headers={"Set-Cookie": "session=abc; Path=/"})

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", record)
    return app


CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/zones?x=1&y=%2F", {}),
    ("GET", "/apps/é x/a%20b?name=c d&e=é", {}),
    ("GET", "/odd/%zz/[a]/'b'/(c)/*?q=[1]&r=a+b&s=%7e#frag", {}),
    ("POST", "/cb", {"content": b'{"a": 1}', "headers": {"content-type": "application/json"}}),
    ("POST", "/empty", {}),
    ("DELETE", "/apps/1", {"headers": {"Authorization": "Bearer t", "X-Correlator": "c-1"}}),
    ("PUT", "/text", {"content": "é text", "headers": {"Content-Type": "text/plain"}}),
    ("PATCH", "/p", {"content": b"", "headers": {"User-Agent": "mine", "accept": "a/b"}}),
]


@pytest.mark.parametrize(("method", "path", "options"), CASES)
async def test_fetch_sends_what_the_httpx_path_sends(
    serve: Serve, method: str, path: str, options: dict[str, Any]
) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    url = f"http://127.0.0.1:{port}{path}"
    content = options.get("content")
    body = content.encode() if isinstance(content, str) else content
    async with make_client(LAB) as client:
        through_httpx = await client.send(
            client.build_request(method, url, content=content, headers=options.get("headers"))
        )
        direct = await client.fetch(method, url, content=body, headers=options.get("headers"))
    httpx_sent, fetch_sent = ({**r, "headers": sorted(r["headers"])} for r in seen)
    assert fetch_sent == httpx_sent  # the same headers (aiohttp orders them its own way)
    assert [name for name, _ in seen[1]["headers"]].count("host") == 1
    assert direct.status_code == through_httpx.status_code == 200
    assert direct.json() == {"n": 2} and through_httpx.json() == {"n": 1}
    assert direct.headers["content-type"] == through_httpx.headers["content-type"]
    assert direct.http_version == through_httpx.http_version
    assert direct.reason_phrase == through_httpx.reason_phrase == "OK"
    assert direct.request.method == method and direct.request.url == through_httpx.request.url
    assert direct.elapsed.total_seconds() > 0


async def test_call_sends_json_as_httpx_does(serve: Serve) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    url = f"http://127.0.0.1:{port}/json"
    document = {"name": "zoné", "n": [1, 2.5, None], "ok": True}
    async with make_client(LAB) as client:
        await client.send(client.build_request("POST", url, json=document))
        fetched: list[str] = []
        real_fetch = client.fetch

        async def counted(*args: Any, **kwargs: Any) -> httpx.Response:
            fetched.append(args[1])
            return await real_fetch(*args, **kwargs)

        client.fetch = counted  # type: ignore[method-assign]
        await call(client, "POST", url, json=document)
    assert fetched == [url]  # call() went round httpx
    assert (
        seen[0]["body"] == seen[1]["body"] == '{"name":"zoné","n":[1,2.5,null],"ok":true}'.encode()
    )
    assert sorted(seen[0]["headers"]) == sorted(seen[1]["headers"])


async def _hook(response: httpx.Response) -> None:
    return None


ROUTES: list[tuple[dict[str, Any], dict[str, Any], bool]] = [
    ({"json": {"a": 1}}, {}, True),
    ({"content": b"x", "headers": {"X-A": "b"}, "timeout": 3}, {}, True),
    ({"content": "text", "timeout": None}, {}, True),
    ({"data": {"a": "1"}}, {}, False),
    ({"files": {"f": b"bytes"}}, {}, False),
    ({"params": {"q": "1"}}, {}, False),
    ({"headers": [("X-A", "b")]}, {}, False),
    ({"follow_redirects": True}, {}, False),
    ({"auth": ("user", "secret")}, {}, False),
    ({}, {"follow_redirects": True}, False),
    ({}, {"auth": ("user", "secret")}, False),
    ({}, {"base_url": "http://127.0.0.1:1"}, False),
    ({}, {"event_hooks": {"request": [], "response": [_hook]}}, False),
]


@pytest.mark.parametrize(("call_options", "client_settings", "direct"), ROUTES)
async def test_which_calls_go_round_httpx(
    serve: Serve, call_options: dict[str, Any], client_settings: dict[str, Any], direct: bool
) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    url = f"http://127.0.0.1:{port}/route"
    async with make_client(LAB) as client:
        for name, value in client_settings.items():
            setattr(client, name, value)
        fetched: list[str] = []
        real_fetch = client.fetch

        async def counted(*args: Any, **kwargs: Any) -> httpx.Response:
            fetched.append(args[1])
            return await real_fetch(*args, **kwargs)

        client.fetch = counted  # type: ignore[method-assign]
        answer = await client.request("POST", url, **call_options)
    assert answer.status_code == 200 and len(seen) == 1
    assert fetched == ([url] if direct else [])


@pytest.mark.parametrize(
    ("url", "rule"),
    [
        ("http://127.0.0.1:{port}/admin", "loopback"),
        ("ftp://93.184.216.34/x", "scheme must be"),
        ("file:///etc/passwd", "file URLs"),
        ("http://user:pw@93.184.216.34/x", "user information"),
        ("http://93.184.216.34:0/x", "port is out of range"),
        ("http://93.184.216.34:99999/x", "not a valid URL"),
        ("http://169.254.169.254/latest/meta-data", "metadata"),
        ("http://2130706433:{port}/x", "loopback"),
        ("/relative/path", "scheme must be"),
        ("http:///nohost", "no host"),
    ],
)
async def test_fetch_refuses_what_the_policy_refuses(serve: Serve, url: str, rule: str) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    policy = Policy(schemes=frozenset({"http", "https"}))
    async with make_client(policy) as client:
        with pytest.raises(DestinationRefused) as caught:
            await client.fetch("GET", url.format(port=port))
    assert rule in caught.value.reason and str(port) not in caught.value.reason
    assert caught.value.request.method == "GET"
    assert seen == []


async def test_fetch_refuses_a_name_resolving_to_loopback(serve: Serve) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    asked, resolve = resolver({"files.example": ["127.0.0.1"]})
    async with make_client(Policy(schemes=frozenset({"http"})), resolver=resolve) as client:
        with pytest.raises(DestinationRefused, match="resolves to an address that is not"):
            await client.fetch("GET", f"http://files.example:{port}/pkg.zip")
    async with make_client(LAB, resolver=resolve) as client:
        answer = await client.fetch("GET", f"http://files.example:{port}/pkg.zip")
    assert asked == ["files.example", "files.example"] and len(seen) == 1
    assert dict(seen[0]["headers"])["host"] == f"files.example:{port}"
    assert answer.json() == {"n": 1}


async def test_fetch_verifies_tls_by_name(serve: Serve, lab_ca: certs.CaFiles) -> None:
    seen: list[dict[str, Any]] = []
    good = certs.issue(lab_ca, "files", dns=["files.example"], client=False)
    port = await serve(recorder(seen), certs.server_context(good))
    _, resolve = resolver({"files.example": ["127.0.0.1"], "other.example": ["127.0.0.1"]})
    async with make_client(LAB, verify=lab_ca.cert, resolver=resolve) as client:
        answer = await client.fetch("GET", f"https://files.example:{port}/x")
        assert answer.json() == {"n": 1}
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
            await client.fetch("GET", f"https://other.example:{port}/x")


async def test_fetch_decodes_a_compressed_answer(serve: Serve) -> None:
    async def packed(request: web.Request) -> web.Response:
        body = gzip.compress(b'{"zipped": true}')
        headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
        return web.Response(body=body, headers=headers)

    app = web.Application()
    app.router.add_get("/z", packed)
    port = await serve(app)
    async with make_client(LAB) as client:
        answer = await client.fetch("GET", f"http://127.0.0.1:{port}/z")
    assert answer.json() == {"zipped": True}


async def test_fetch_times_out_and_fails_as_httpx_does(serve: Serve) -> None:
    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.Response(text="late")

    app = web.Application()
    app.router.add_get("/slow", slow)
    port = await serve(app)
    async with make_client(LAB, timeout=5) as client:
        with pytest.raises(httpx.ReadTimeout) as caught:
            await client.fetch("GET", f"http://127.0.0.1:{port}/slow", timeout=0.2)
        assert str(caught.value.request.url) == f"http://127.0.0.1:{port}/slow"
        with pytest.raises(httpx.ConnectError):  # nothing listens there
            await client.fetch("GET", f"http://127.0.0.1:{free_port()}/")


async def test_the_client_keeps_no_cookies(serve: Serve) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    url = f"http://127.0.0.1:{port}/c"
    async with make_client(LAB) as client:
        assert isinstance(client, PinnedClient)
        await client.get(url)  # the answer sets a cookie
        await client.get(url)
        await client.fetch("GET", url)
        assert len(client.cookies) == 0
        with pytest.raises(ValueError, match="no cookies"):
            client.cookies = {"a": "b"}  # type: ignore[assignment]
    assert all("cookie" not in dict(request["headers"]) for request in seen)


async def test_remembered_verdicts_still_refuse_and_stay_bounded(
    serve: Serve, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[dict[str, Any]] = []
    port = await serve(recorder(seen))
    monkeypatch.setattr("perimeter.client.CHECKS_KEPT", 3)
    async with make_client(Policy(schemes=frozenset({"http"}))) as client:
        for _ in range(2):  # the second refusal comes from the remembered verdict
            with pytest.raises(DestinationRefused, match="loopback"):
                await client.fetch("GET", f"http://127.0.0.1:{port}/x")
        for other in range(1, 6):  # more hosts than are remembered
            with pytest.raises(DestinationRefused, match="private"):
                await client.fetch("GET", f"http://10.0.0.{other}:{port}/x")
        assert len(client._verdicts) <= 3
        with pytest.raises(DestinationRefused, match="loopback"):
            await client.fetch("GET", f"http://127.0.0.1:{port}/x")
    assert seen == []
