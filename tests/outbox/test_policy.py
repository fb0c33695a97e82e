"""Verdicts, backoff bounds and the circuit breaker."""

from __future__ import annotations

import pytest

from op_platform.keys import PLATFORM
from op_platform.outbox.policy import CircuitBreaker, Verdict, backoff, classify
from op_platform.outbox.worker import OutboxWorker
from op_platform.settings import OutboxSettings
from tests.conftest import OpFactory
from tests.helpers.servers import RunningOp
from tests.outbox.helpers import FAST, Receiver, eventually, messages, put


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (200, Verdict.DELIVERED),
        (204, Verdict.DELIVERED),
        (None, Verdict.RETRY),
        (408, Verdict.RETRY),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (503, Verdict.RETRY),
        (302, Verdict.DEAD),
        (400, Verdict.DEAD),
        (401, Verdict.DEAD),
        (404, Verdict.DEAD),
        (409, Verdict.DEAD),
        (501, Verdict.DEAD),  # not implemented there: no retry changes that
    ],
)
def test_classify(status: int | None, verdict: Verdict) -> None:
    assert classify(status) is verdict


def test_backoff_grows_exponentially_up_to_the_cap() -> None:
    settings = OutboxSettings(base_delay=1.0, max_delay=30.0)
    for attempts, cap in [(1, 1.0), (2, 2.0), (3, 4.0), (5, 16.0), (6, 30.0), (500, 30.0)]:
        delays = [backoff(attempts, settings) for _ in range(200)]
        assert all(0.0 <= delay <= cap for delay in delays)
        assert max(delays) > cap / 4  # jittered over the whole range, not stuck at zero


def test_breaker_opens_then_half_opens_for_one_probe() -> None:
    now = [0.0]
    breaker = CircuitBreaker(threshold=3, cooldown=10.0, clock=lambda: now[0])
    for _ in range(2):
        breaker.on_failure("peer")
    assert breaker.state("peer") == "closed" and breaker.held() == []
    breaker.on_failure("peer")
    assert breaker.state("peer") == "open" and breaker.held() == ["peer"]
    now[0] = 10.5
    assert breaker.state("peer") == "half-open" and breaker.held() == []
    breaker.on_claim("peer")  # the probe
    assert breaker.held() == ["peer"]
    breaker.on_failure("peer")
    assert breaker.state("peer") == "open"
    now[0] = 21.0
    breaker.on_claim("peer")
    breaker.on_success("peer")
    assert breaker.state("peer") == "closed" and breaker.held() == []


def test_breaker_release_frees_the_probe() -> None:
    breaker = CircuitBreaker(threshold=1, cooldown=0.0)
    breaker.on_failure("peer")
    breaker.on_claim("peer")
    assert breaker.held() == ["peer"]
    breaker.on_release("peer")
    assert breaker.held() == []


async def test_worker_holds_a_failing_destination(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox={**FAST, "breaker_threshold": 2, "breaker_cooldown": 3600})
    worker: OutboxWorker = op.app[PLATFORM].outbox
    receiver.status = 503
    await put(op, receiver.url + "/down", 1, destination="sick-peer")
    await eventually(lambda: worker.breaker.state("sick-peer") == "open", what="the breaker")
    await eventually(lambda: _count(op, "pending", 1), what="the failure to be recorded")
    [row] = await messages(op)
    assert row.attempts == 2 and row.status == "pending"
    assert "sick-peer" in worker.breaker.held()
    receiver.status = 204
    await put(op, receiver.url + "/up", 2, destination="healthy-peer")
    await eventually(lambda: _delivered(op, 2), what="the healthy peer's message")
    [row] = await messages(op, "pending")
    assert row.attempts == 2  # the held destination was not tried again


async def _delivered(op: RunningOp, n: int) -> bool:
    return any(row.body == f'{{"n":{n}}}' for row in await messages(op, "delivered"))


async def _count(op: RunningOp, status: str, n: int) -> bool:
    return len(await messages(op, status)) == n
