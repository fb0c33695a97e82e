"""The kit's own callback receiver: the five EWBI callbacks plus a token endpoint for them.

The kit gives the partner callback links under ``{base}/operatorplatform/fedcallbacks/v1`` and
``partnerCallbackCredentials`` pointing at ``{base}/oauth2/token`` here (a client id and secret
made for the run). Every callback is recorded with its arrival time, whether its bearer token is
one this endpoint issued, and its body; waiting for one is :meth:`Receiver.wait`.
"""

from __future__ import annotations

import asyncio
import base64
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from aiohttp import web

from op_platform.conformance import redact
from op_platform.conformance.contract import load_contract
from op_platform.conformance.findings import Exchange
from op_platform.conformance.validate import PROBLEM, parse_body
from op_platform.models.ewbi import paths

CLIENT_ID = "conformance-kit-callbacks"


@dataclass
class Callback:
    name: str
    at: float
    authorized: bool
    authorization: str | None
    body: Any
    exchange: Exchange


@dataclass
class Receiver:
    clock: Callable[[], float]
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    base_url: str = ""
    received: list[Callback] = field(default_factory=list)
    token_requests: list[Exchange] = field(default_factory=list)
    _issued: set[str] = field(default_factory=set)
    _arrived: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None

    @property
    def token_url(self) -> str:
        return self.base_url.rstrip("/") + paths.OAUTH_TOKEN

    def link(self, name: str) -> str:
        return paths.callback_link(self.base_url, name)

    def credentials(self) -> dict[str, str]:
        return {
            "tokenUrl": self.token_url,
            "clientId": CLIENT_ID,
            "clientSecret": self.client_secret,
        }

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post(paths.OAUTH_TOKEN, self._token)
        for name, relative in paths.CALLBACKS.items():
            app.router.add_post(paths.absolute(relative, paths.CALLBACKS_ROOT), self._handler(name))
        return app

    async def start(self, host: str, port: int, public_url: str | None = None) -> Receiver:
        self._runner = web.AppRunner(self.app(), access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        bound = self._runner.addresses[0][1] if self._runner.addresses else port
        self.base_url = public_url or f"http://{host}:{bound}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    def _client(self, request: web.Request, form: Any) -> tuple[str, str]:
        auth = request.headers.get("Authorization", "")
        if auth.lower().startswith("basic "):
            try:
                user, _, password = base64.b64decode(auth[6:]).decode().partition(":")
            except ValueError:
                return "", ""
            return unquote(user), unquote(password)
        return str(form.get("client_id", "")), str(form.get("client_secret", ""))

    async def _token(self, request: web.Request) -> web.Response:
        started = self.clock()
        form = await request.post()
        client_id, secret = self._client(request, form)
        ok = client_id == CLIENT_ID and secrets.compare_digest(secret, self.client_secret)
        if ok and form.get("grant_type") == "client_credentials":
            token = secrets.token_urlsafe(32)
            self._issued.add(token)
            status, answer = (
                200,
                {"access_token": token, "token_type": "Bearer", "expires_in": 3600},
            )
        else:
            status, answer = 401, {"error": "invalid_client"}
        self.token_requests.append(
            Exchange("partner", "receiver", "POST", paths.OAUTH_TOKEN, "token", started,
                     self.clock() - started, redact.headers(request.headers),
                     redact.body(dict(form)), status, {}, redact.body(answer))
        )  # fmt: skip
        return web.json_response(answer, status=status)

    def _handler(self, name: str) -> Callable[[web.Request], Any]:
        async def handle(request: web.Request) -> web.Response:
            return await self._callback(name, request)

        return handle

    async def _callback(self, name: str, request: web.Request) -> web.Response:
        at = self.clock()
        auth = request.headers.get("Authorization")
        token = auth[7:].strip() if auth and auth.lower().startswith("bearer ") else None
        authorized = token is not None and token in self._issued
        body = parse_body(await request.read())
        status = load_contract().callback_statuses.get(name, (204,))[0] if authorized else 401
        exchange = Exchange(
            "partner", "receiver", "POST", request.path, name, at, 0.0,
            redact.headers(request.headers), redact.body(body), status,
        )  # fmt: skip
        async with self._arrived:
            self.received.append(Callback(name, at, authorized, auth, body, exchange))
            self._arrived.notify_all()
        if not authorized:
            problem = {"title": "Unauthorized", "status": 401, "detail": "no valid bearer token"}
            return web.json_response(problem, status=401, content_type=PROBLEM)
        return web.Response(status=status)

    def matching(self, name: str, match: Callable[[Any], bool] | None = None) -> list[Callback]:
        return [c for c in self.received if c.name == name and (match is None or _safe(match, c))]

    async def wait(
        self, name: str, match: Callable[[Any], bool] | None, within: float
    ) -> Callback | None:
        """The first ``name`` callback whose body ``match``es, waiting up to ``within`` s."""

        def found() -> list[Callback]:
            return self.matching(name, match)

        async with self._arrived:
            try:
                await asyncio.wait_for(self._arrived.wait_for(found), within)
            except TimeoutError:
                return None
        return found()[0]


def _safe(match: Callable[[Any], bool], callback: Callback) -> bool:
    try:
        return bool(match(callback.body))
    except (KeyError, TypeError, IndexError, AttributeError):
        return False
