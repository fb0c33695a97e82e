"""Sending callbacks to the OP under test, one at a time in the order they were made.

Each goes to the link the OP under test gave, with a bearer token from the
``partnerCallbackCredentials`` it gave (none when it gave none). The answer is checked: a
status the callback does not document (204, or 200 for onZoneResourceUpdateEvent) is a
finding, and an error must be a ProblemDetails. A 503 or 429 with ``Retry-After`` is retried a
few times, as a partner's outbox would; only the last answer is judged.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx

from op_platform.clients.call import parse_retry_after
from op_platform.clients.outbound_tokens import TokenProviders
from op_platform.conformance import redact
from op_platform.conformance.findings import Exchange, Finding
from op_platform.conformance.partner.recorder import Recorder
from op_platform.conformance.partner.store import Federation
from op_platform.conformance.validate import NO_BODY, Validator, parse_body
from op_platform.errors import OpError

log = logging.getLogger(__name__)

RETRIES = 5
MAX_WAIT = 5.0


class Notifier:
    def __init__(self, http: httpx.AsyncClient, recorder: Recorder, validator: Validator) -> None:
        self.http = http
        self.recorder = recorder
        self.validator = validator
        self.tokens = TokenProviders(http)
        self._last: asyncio.Task[None] | None = None
        self.tasks: set[asyncio.Task[None]] = set()

    def notify(
        self, fed: Federation, name: str, link: str | None, body: dict[str, Any], delay: float
    ) -> None:
        if not link:
            return
        task = asyncio.create_task(self._after(self._last, fed, name, link, body, delay))
        self._last = task
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _after(self, previous: asyncio.Task[None] | None, fed: Federation, name: str,
                     link: str, body: dict[str, Any], delay: float) -> None:  # fmt: skip
        if previous is not None:
            await asyncio.gather(previous, return_exceptions=True)
        await asyncio.sleep(delay)
        await self.send(fed, name, link, body)

    async def send(self, fed: Federation, name: str, link: str, body: dict[str, Any]) -> None:
        headers = {"Content-Type": "application/json"}
        findings = self.validator.callback(name, body)
        exchange = Exchange("partner", "op-under-test", "POST", link, name, self.recorder.clock(),
                            request_body=redact.body(body))  # fmt: skip
        try:
            creds = fed.credentials
            if creds:
                provider = self.tokens.get(
                    creds["tokenUrl"], creds["clientId"], creds["clientSecret"]
                )
                headers["Authorization"] = f"Bearer {await provider.token()}"
            exchange.request_headers = redact.headers(headers)
            response = await self._post(link, body, headers)
        except (httpx.HTTPError, OpError) as exc:
            exchange.error = f"{type(exc).__name__}: {exc}"
            findings.append(Finding("transport", "$", "the callback delivered", exchange.error))
        else:
            answer = parse_body(response.content)
            exchange.status = response.status_code
            exchange.response_headers = redact.headers(dict(response.headers))
            exchange.response_body = None if answer is NO_BODY else redact.body(answer)
            findings += self._answer(name, response, answer)
        exchange.duration = self.recorder.clock() - exchange.started
        self.recorder.record(f"callback:{name}", "callbacks", exchange, findings,
                             self.validator.take_notes())  # fmt: skip

    async def _post(
        self, link: str, body: dict[str, Any], headers: dict[str, str]
    ) -> httpx.Response:
        for _ in range(RETRIES):
            response = await self.http.post(link, json=body, headers=headers)
            wait = parse_retry_after(response.headers.get("Retry-After"))
            if response.status_code not in (429, 503) or wait is None:
                return response
            await asyncio.sleep(min(wait, MAX_WAIT))
        return response

    def _answer(self, name: str, response: httpx.Response, answer: Any) -> list[Finding]:
        allowed = self.validator.contract.callback_statuses.get(name, (204,))
        status = response.status_code
        if status in allowed:
            return []
        findings = [Finding("callback-refused" if status >= 400 else "status-not-allowed",
                            "$status", list(allowed), status)]  # fmt: skip
        if status >= 400:
            findings += self.validator.problem(status, response.headers, answer)
        return findings

    async def drain(self) -> None:
        if self.tasks:
            await asyncio.gather(*self.tasks, return_exceptions=True)
