"""Running the plan against a partner: one result per step, callback verdicts, coverage.

:func:`run` starts the callback receiver, gets tokens, walks :data:`plan.PLAN` in order and
returns a :class:`~op_platform.conformance.findings.Report`. A step that cannot run is skipped
with why; a step that breaks the contract fails; when the federation cannot be created nothing
but clean-up runs. Every operation of the contract gets a result: one the plan did not reach is
reported skipped, so the coverage is read from the file, not from the plan.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.conformance import expectations, plan
from op_platform.conformance.findings import Finding, Report, Result
from op_platform.conformance.receiver import Receiver
from op_platform.conformance.session import Abort, Options, Session, Skip
from op_platform.conformance.validate import Validator
from op_platform.errors import OpError

DECISIONS = (
    "Idempotency: openapi/ewbi.yaml documents 409 'Conflict with the current state, e.g. a "
    "duplicate' on every create and nothing else about a repeat, so a repeated create may answer "
    "409, or its success code with the same resource; a second, different resource fails "
    "(rule idempotency).",
    "Status codes: a 2xx must be listed for the operation; an error code not listed is allowed "
    "through the 'default' response, but must still be application/problem+json ProblemDetails.",
    "Profiles: strict reads openapi/ewbi.yaml as written (field spellings, enum values, "
    "ProblemDetails.status equal to the HTTP status); lenient also accepts the GSMA file's "
    "spellings (fileRepolocation, partnerStatusLink, latencyConstraint, ...) and a "
    "ProblemDetails without status.",
)


@dataclass
class Credentials:
    token_url: str
    client_id: str
    client_secret: str
    second_client_id: str | None = None
    second_client_secret: str | None = None


async def run_steps(session: Session, steps: tuple[plan.Step, ...] = plan.PLAN) -> list[Result]:
    results: list[Result] = []
    aborted: str | None = None
    for step in steps:
        result = Result(step.name, step.area, step.operation)
        session.result = result
        started = time.monotonic()
        if step.area not in session.options.areas and not step.always:
            result.skip("area not selected (--only)")
        elif aborted is not None and not step.always:
            result.skip(f"not run: {aborted}")
        else:
            try:
                await step.run(session)
            except Skip as why:
                result.skip(str(why))
            except Abort as why:
                aborted = str(why)
            except OpError as exc:  # the kit's own token could not be had
                result.fail(
                    Finding("token-endpoint", "$", "a token for the kit's client", exc.detail)
                )
                aborted = "the kit has no token"
        result.duration = time.monotonic() - started
        if not step.name.startswith("wait:"):
            results.append(result)
    return results


def verdicts(session: Session) -> list[Result]:
    """One result per expected callback; a skipped one for a callback nothing asked for."""
    results: list[Result] = []
    for exp in session.expected:
        result = expectations.verdict(exp, session.receiver, session.validator)
        if any(r.name == result.name for r in results):
            result.name += f" ({exp.why})"
        results.append(result)
    if results and session.receiver.token_requests:  # how the partner got its callback tokens
        first = results[0]
        first.exchanges = sorted(
            first.exchanges + session.receiver.token_requests, key=lambda e: e.started
        )
    for name in session.validator.contract.callbacks:
        if not any(exp.name == name for exp in session.expected):
            result = Result(f"callback:{name}", "callbacks")
            result.skip("no step that registers this callback succeeded")
            results.append(result)
    return results


def coverage(session: Session, results: list[Result]) -> list[Result]:
    """A skipped result for every operation of the contract that no step checked."""
    done = {r.name for r in results}
    missing = []
    for op in session.validator.contract.operations.values():
        if op.operation_id not in done:
            result = Result(op.operation_id, "coverage", op.operation_id)
            result.skip("no step of the plan exercises this operation")
            missing.append(result)
    return missing


async def run(
    options: Options,
    credentials: Credentials,
    *,
    http: httpx.AsyncClient,
    listen: tuple[str, int] = ("127.0.0.1", 0),
    callback_url: str | None = None,
) -> Report:
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    report = Report("run", options.partner, options.profile, started_at, decisions=list(DECISIONS))
    session = Session(
        http=http,
        options=options,
        tokens=TokenProvider(http, credentials.token_url, credentials.client_id,
                             credentials.client_secret),
        receiver=Receiver(clock=lambda: 0.0),
        validator=Validator(options.profile),
        secret=credentials.client_secret,
    )  # fmt: skip
    session.receiver.clock = session.clock
    if credentials.second_client_id and credentials.second_client_secret:
        session.second = TokenProvider(http, credentials.token_url,
                                       credentials.second_client_id,
                                       credentials.second_client_secret)  # fmt: skip
    await session.receiver.start(listen[0], listen[1], callback_url)
    try:
        results = await run_steps(session)
    finally:
        await session.receiver.stop()
    results += verdicts(session)
    report.results = results + coverage(session, results)
    return report
