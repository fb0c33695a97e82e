"""The partner as an aiohttp application: token endpoint, every EWBI operation, the report.

Every operation of the contract is routed to one dispatcher, which authenticates the bearer
token, checks the path parameters and the body against the contract (a broken request is
answered 400 naming each path and rule), finds the federation context (404 unless the caller
owns it), runs the operation's handler and records the exchange with its findings.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

from op_platform.clients.outbound_tokens import FED_MGMT
from op_platform.conformance import redact
from op_platform.conformance.contract import load_contract
from op_platform.conformance.findings import Exchange, Finding
from op_platform.conformance.partner import requests
from op_platform.conformance.partner.exchange import Answer, Call, Problem
from op_platform.conformance.partner.handlers import HANDLERS
from op_platform.conformance.partner.notify import Notifier
from op_platform.conformance.partner.recorder import Recorder
from op_platform.conformance.partner.store import Store
from op_platform.conformance.profiles import Profile
from op_platform.conformance.report_html import html
from op_platform.conformance.validate import NO_BODY, PROBLEM, Validator
from op_platform.models.ewbi import paths

TITLES = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
          409: "Conflict", 422: "Unprocessable Entity", 501: "Not Implemented"}  # fmt: skip


@dataclass
class Partner:
    client_id: str
    client_secret: str = field(repr=False)
    operator_id: str
    profile: Profile
    base_url: str
    http: httpx.AsyncClient
    store: Store = field(default_factory=Store)
    tokens: dict[str, str] = field(default_factory=dict)  # token -> client id
    recorder: Recorder = field(init=False)
    validator: Validator = field(init=False)
    notifier: Notifier = field(init=False)

    def __post_init__(self) -> None:
        self.recorder = Recorder(f"the OP under test (client {self.client_id})", self.profile)
        self.validator = Validator(self.profile)
        self.notifier = Notifier(self.http, self.recorder, Validator(self.profile))


PARTNER = web.AppKey("partner", Partner)


def _client(partner: Partner, request: web.Request) -> str:
    auth = request.headers.get("Authorization", "")
    client = partner.tokens.get(auth[7:].strip()) if auth.lower().startswith("bearer ") else None
    if client is None:
        raise Problem(
            401, "a bearer token from this partner's /oauth2/token is needed", "UNAUTHENTICATED"
        )
    return client


def _check(
    partner: Partner, op_id: str, request: web.Request, media: str, body: Any
) -> list[Finding]:
    findings = partner.validator.params(op_id, request.match_info)
    return findings + partner.validator.request(op_id, media, body)


async def dispatch(request: web.Request) -> web.Response:
    partner = request.app[PARTNER]
    op_id = request.match_info.route.name or ""
    op = load_contract().operation(op_id)
    media, body, findings = await requests.read(request, op.json_parts, partner.profile)
    exchange = Exchange("op-under-test", "partner", request.method, request.path, op_id,
                        partner.recorder.clock(), request_headers=redact.headers(request.headers),
                        request_body=None if body is NO_BODY else redact.body(body))  # fmt: skip
    try:
        client = _client(partner, request)
        findings += _check(partner, op_id, request, media, body)
        if findings:
            invalid = [{"param": f.path, "reason": f.message} for f in findings]
            raise Problem(400, "the request breaks openapi/ewbi.yaml", "SCHEMA_VIOLATION", invalid)
        answer = await HANDLERS[op_id](_call(partner, request, client, body))
    except Problem as problem:
        if problem.status == 401:
            findings.append(
                Finding("auth", "$headers.Authorization", "a bearer token", "none valid")
            )
        answer = Answer(problem.status, problem.body(TITLES.get(problem.status, "Error")))
    response = _render(answer)
    exchange.status = response.status
    exchange.response_headers = redact.headers(dict(response.headers))
    exchange.response_body = redact.body(answer.body)
    exchange.duration = partner.recorder.clock() - exchange.started
    partner.recorder.record(op_id, op.tag, exchange, findings, partner.validator.take_notes())
    return response


def _call(partner: Partner, request: web.Request, client: str, body: Any) -> Call:
    call = Call(partner.store, client, dict(request.match_info), body, partner.base_url,
                partner.operator_id, partner.notifier.notify)  # fmt: skip
    ctx = request.match_info.get("federationContextId")
    if ctx is not None:
        fed = partner.store.federations.get(ctx)
        if fed is None or fed.client_id != client:
            raise Problem(404, f"federation context {ctx!r} is not known", "FEDERATION_NOT_FOUND")
        call.fed = fed
    return call


def _render(answer: Answer) -> web.Response:
    if answer.body is None:
        return web.Response(status=answer.status, headers=answer.headers)
    content_type = PROBLEM if answer.status >= 400 else "application/json"
    return web.Response(status=answer.status, text=json.dumps(answer.body),
                        content_type=content_type, headers=answer.headers)  # fmt: skip


async def token(request: web.Request) -> web.Response:
    partner = request.app[PARTNER]
    form = await request.post()
    pair = f"{partner.client_id}:{partner.client_secret}".encode()
    basic = secrets.compare_digest(
        request.headers.get("Authorization", ""), "Basic " + base64.b64encode(pair).decode()
    )
    posted = form.get("client_id") == partner.client_id and secrets.compare_digest(
        str(form.get("client_secret", "")), partner.client_secret
    )
    if not (basic or posted) or form.get("grant_type") != "client_credentials":
        return web.json_response({"error": "invalid_client"}, status=401)
    scope = str(form.get("scope") or FED_MGMT)
    if scope.split() != [FED_MGMT]:
        return web.json_response({"error": "invalid_scope"}, status=400)
    value = secrets.token_urlsafe(32)
    partner.tokens[value] = partner.client_id
    return web.json_response({"access_token": value, "token_type": "Bearer",
                              "expires_in": 3600, "scope": FED_MGMT})  # fmt: skip


async def report_json(request: web.Request) -> web.Response:
    return web.json_response(request.app[PARTNER].recorder.report().to_dict())


async def report_html(request: web.Request) -> web.Response:
    return web.Response(text=html(request.app[PARTNER].recorder.report()), content_type="text/html")


def create_partner_app(partner: Partner) -> web.Application:
    app = web.Application()
    app[PARTNER] = partner
    app.router.add_post(paths.OAUTH_TOKEN, token)
    app.router.add_get("/report", report_json)
    app.router.add_get("/report.html", report_html)
    for op in load_contract().operations.values():
        app.router.add_route(op.method, paths.EWBI_ROOT + op.path, dispatch, name=op.operation_id)
    return app
