"""One ``conformance run``: the options, the state it builds up, and the checked call.

:meth:`Session.call` sends one EWBI request (paths from ``op_platform.models.ewbi.paths``) with
the kit's bearer token, checks the request it sent and the answer it got with the validator,
records the exchange (secrets redacted) on the current result, and fails the result when the
status is not one the step expects (rule ``status-unexpected``) or the contract is broken.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.conformance import expectations, redact
from op_platform.conformance.expectations import Expectation, Match
from op_platform.conformance.findings import Exchange, Finding, Result
from op_platform.conformance.profiles import Profile
from op_platform.conformance.receiver import Callback, Receiver
from op_platform.conformance.validate import JSON, NO_BODY, Validator, parse_body
from op_platform.models.ewbi import paths

USE_KIT_TOKEN = "kit"


class Skip(Exception):
    """A step cannot run; the message says why."""


class Abort(Exception):
    """A step cannot go on (its findings are recorded already)."""


@dataclass
class Options:
    partner: str  # server root of the partner (the EWBI root is appended)
    profile: Profile = "strict"
    areas: frozenset[str] = frozenset()
    callback_timeout: float = 30.0
    device_id: str | None = None
    device_token: str | None = None
    flavour: str | None = None  # for InstallApp and pools; default: the zone's first flavour
    api_root: str | None = None  # the EWBI root when it is not {partner}/operatorplatform/...
    wrong_scopes: tuple[str, ...] = ("simple-edge-discovery:read", "openid")


@dataclass
class Call:
    response: httpx.Response | None
    body: Any
    findings: list[Finding]

    @property
    def status(self) -> int | None:
        return self.response.status_code if self.response is not None else None

    def json(self) -> dict[str, Any]:
        return self.body if isinstance(self.body, dict) else {}


@dataclass
class Session:
    http: httpx.AsyncClient
    options: Options
    tokens: TokenProvider
    receiver: Receiver
    validator: Validator
    second: TokenProvider | None = None
    secret: str = field(default="", repr=False)
    started: float = field(default_factory=time.monotonic)
    state: dict[str, Any] = field(default_factory=dict)
    result: Result | None = None
    results: list[Result] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)
    expected: list[Expectation] = field(default_factory=list)

    def clock(self) -> float:
        return time.monotonic() - self.started

    @property
    def root(self) -> str:
        base = self.options.partner.rstrip("/")
        return base[: -len(paths.EWBI_ROOT)] if base.endswith(paths.EWBI_ROOT) else base

    def url(self, relative: str) -> str:
        if self.options.api_root:
            return self.options.api_root.rstrip("/") + relative
        return self.root + paths.EWBI_ROOT + relative

    def need(self, *keys: str) -> Any:
        for key in keys:
            if self.state.get(key) is None:
                raise Skip(f"needs {key}, which an earlier step did not produce")
        if len(keys) == 1:
            return self.state[keys[0]]
        return tuple(self.state[key] for key in keys)

    def note(self, text: str) -> None:
        assert self.result is not None
        self.result.notes.append(text)

    def fail(self, finding: Finding) -> None:
        assert self.result is not None
        self.result.fail(finding)

    async def call(
        self,
        operation_id: str,
        relative: str,
        *,
        expect: tuple[int, ...],
        json_body: Any = None,
        files: list[Any] | None = None,
        form_view: dict[str, Any] | None = None,
        token: str | None = USE_KIT_TOKEN,
        record: Result | None = None,
        check_request: bool = True,
        rule: str = "status-unexpected",
    ) -> Call:
        """Send, check, record. ``token`` None sends no Authorization header."""
        result = record or self.result
        assert result is not None
        op = self.validator.contract.operation(operation_id)
        headers = {"Accept": f"{JSON}, application/problem+json"}
        if token == USE_KIT_TOKEN:
            token = await self.tokens.token()
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        findings: list[Finding] = []
        if json_body is not None and check_request:
            findings += self.validator.request(operation_id, JSON, json_body)
        elif form_view is not None and check_request:
            findings += self.validator.request(operation_id, "multipart/form-data", form_view)
        url = self.url(relative)
        exchange = Exchange(
            "kit", "partner", op.method, redact.url(url, tuple(self.secrets)), operation_id,
            self.clock(), request_headers=redact.headers(headers),
            request_body=redact.body(json_body if json_body is not None else form_view),
        )  # fmt: skip
        result.exchanges.append(exchange)
        response = None
        body: Any = NO_BODY
        try:
            response = await self.http.request(
                op.method, url, headers=headers, json=json_body, files=files
            )
        except httpx.HTTPError as exc:
            exchange.error = f"{type(exc).__name__}: {exc}"
            findings.append(Finding("transport", "$", "an HTTP answer", exchange.error))
        exchange.duration = self.clock() - exchange.started
        if response is not None:
            body = parse_body(response.content)
            exchange.status = response.status_code
            exchange.response_headers = redact.headers(dict(response.headers))
            exchange.response_body = None if body is NO_BODY else redact.body(body)
            status = response.status_code
            findings += self.validator.response(operation_id, status, response.headers, body)
            not_allowed = any(f.rule == "status-not-allowed" for f in findings)
            if status not in expect and not not_allowed:
                findings.append(Finding(rule, "$status", list(expect), status))
        result.add(findings)
        result.notes.extend(self.validator.take_notes())
        return Call(response, body, findings)

    def expect(self, name: str, why: str, match: Match | None = None) -> Expectation:
        """Expect callback ``name`` within the callback timeout from now."""
        assert self.result is not None
        now = self.clock()
        found = Expectation(
            name, self.result.area, why, match, now, now + self.options.callback_timeout
        )
        self.expected.append(found)
        return found

    async def arrival(self, expectation: Expectation) -> Callback | None:
        return await expectations.wait(self.receiver, expectation, self.clock())


def form_parts(form: dict[str, Any], *files: tuple[str, tuple[str, bytes, str]]) -> list[Any]:
    """A multipart body: object values as JSON parts (``application/json``), others as text."""
    parts: list[Any] = []
    for name, value in form.items():
        if isinstance(value, (dict, list)):
            parts.append((name, (None, json.dumps(value).encode(), JSON)))
        else:
            parts.append((name, (None, str(value))))
    return parts + list(files)
