"""Delivery: transactional enqueue, retries with backoff, restarts, dedup, dead letters."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import httpx
import pytest
from aiohttp import web
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.keys import PLATFORM
from op_platform.outbox import OutboxMessage, Outcome, enqueue
from op_platform.outbox.repository import aware
from tests.conftest import OpFactory
from tests.outbox.helpers import (
    FAST,
    Receiver,
    all_delivered,
    eventually,
    messages,
    put,
    serve_handler,
)


async def test_rolled_back_enqueue_sends_nothing(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox=FAST)
    with pytest.raises(RuntimeError):
        async with op.app[PLATFORM].database.transaction() as session:
            await enqueue(session, kind="t", method="POST", url=receiver.url + "/x", body={"n": 0})
            raise RuntimeError("the state change failed")
    await put(op, receiver.url + "/x", 1)
    await eventually(lambda: all_delivered(op, 1), what="the committed message")
    assert receiver.numbers() == [1]
    assert len(await messages(op)) == 1


async def test_delivers_with_resolved_auth_and_result_hook(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    seen: list[tuple[str, int | None]] = []

    async def resolve(ref: Mapping[str, Any]) -> Mapping[str, str]:
        return {"Authorization": f"Bearer token-for-{ref['id']}"}

    async def on_result(session: AsyncSession, message: OutboxMessage, outcome: Outcome) -> None:
        code = outcome.status_code if isinstance(outcome, httpx.Response) else None
        seen.append((message.status, code))

    op = await start_ops(outbox=FAST)
    handlers = op.app[PLATFORM].outbox_handlers
    handlers.add_auth("test-partner", resolve)
    handlers.add_result("test.record", on_result)
    async with op.app[PLATFORM].database.transaction() as session:
        message = await enqueue(
            session,
            kind="ewbi.callback.partnerStatus",
            method="POST",
            url=receiver.url + "/cb/partner",
            body={"n": 7},
            auth={"kind": "test-partner", "id": "op-b"},
            headers={"X-Extra": "1"},
            on_result="test.record",
            correlator="corr-1",
        )
        assert message.destination == receiver.url
        assert "Authorization" not in message.headers
    await eventually(lambda: seen != [], what="the result hook")
    assert seen == [("delivered", 204)]
    [got] = receiver.received
    assert got["path"] == "/cb/partner" and got["body"] == {"n": 7}
    assert got["headers"]["Authorization"] == "Bearer token-for-op-b"
    assert got["headers"]["X-Extra"] == "1"
    assert got["headers"]["x-correlator"] == "corr-1"
    assert got["headers"]["Content-Type"].startswith("application/json")
    [row] = await messages(op)
    assert row.status == "delivered" and row.attempts == 1 and row.last_status_code == 204


async def test_credentials_are_refused_in_headers(op: Any) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        with pytest.raises(ValueError, match="credentials"):
            await enqueue(
                session,
                kind="t",
                method="POST",
                url="http://127.0.0.1:9/x",
                body=None,
                headers={"Authorization": "Bearer secret"},
            )


async def test_dedup_key_makes_enqueue_idempotent(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox=FAST)
    first = await put(op, receiver.url + "/x", 1, dedup_key="flow-1/hop-2")
    again = await put(op, receiver.url + "/x", 2, dedup_key="flow-1/hop-2")
    assert again.id == first.id
    await eventually(lambda: all_delivered(op, 1), what="delivery")
    later = await put(op, receiver.url + "/x", 3, dedup_key="flow-1/hop-2")
    assert later.id == first.id and later.status == "delivered"
    assert receiver.numbers() == [1]


async def test_retries_with_backoff_until_the_receiver_is_up(
    start_ops: OpFactory, down_receiver: Receiver
) -> None:
    op = await start_ops(outbox=FAST)
    await put(op, down_receiver.url + "/x", 1)

    async def attempts(n: int) -> bool:
        [row] = await messages(op)
        return row.attempts >= n

    await eventually(lambda: attempts(4), what="several failed attempts")
    [row] = await messages(op)
    assert row.status in ("pending", "in_flight")
    assert row.last_status_code is None and row.last_error
    next_at, created = aware(row.next_attempt_at), aware(row.created_at)
    assert next_at is not None and created is not None
    assert next_at - created <= timedelta(seconds=60)
    await down_receiver.start()
    await eventually(lambda: all_delivered(op, 1), what="delivery after the receiver is up")
    assert down_receiver.numbers() == [1]


async def test_one_destination_is_served_in_created_order(
    start_ops: OpFactory, down_receiver: Receiver
) -> None:
    op = await start_ops(outbox=FAST)
    for n in range(5):
        await put(op, down_receiver.url + f"/x/{n}", n)
    await eventually(lambda: _attempted(op), what="the first message to be attempted")
    rows = await messages(op)
    assert [row.attempts for row in rows[1:]] == [0, 0, 0, 0]  # only the head is tried
    await down_receiver.start()
    await eventually(lambda: all_delivered(op, 5), what="all five")
    assert down_receiver.numbers() == [0, 1, 2, 3, 4]


async def test_ordering_keys_order_per_resource_and_parallelise_the_rest(
    start_ops: OpFactory, receiver: Receiver
) -> None:
    """To one destination: messages of one key arrive in the order they were queued; different
    keys do not wait for each other (several are in flight at once)."""
    op = await start_ops(outbox={**FAST, "concurrency": 16})
    delay = 0.05

    async def slow(request: web.Request) -> web.Response:
        body = await request.json()
        receiver.received.append({"body": body, "path": request.path})
        flight.append(1)
        peak.append(len(flight))
        await asyncio.sleep(delay)
        flight.pop()
        return web.Response(status=204)

    flight: list[int] = []
    peak: list[int] = []
    server = await serve_handler(slow)
    try:
        for n in range(40):
            await put(op, server.url + "/x", n, ordering_key=f"res-{n % 4}")
        await eventually(lambda: all_delivered(op, 40), what="all forty")
    finally:
        await server.stop()
    arrived = [item["body"]["n"] for item in receiver.received]
    for key in range(4):
        mine = [n for n in arrived if n % 4 == key]
        assert mine == sorted(mine), f"res-{key} out of order: {mine}"
    assert sorted(arrived) == list(range(40))
    assert max(peak) > 1  # keys went in parallel


async def _attempted(op: Any) -> bool:
    rows = await messages(op)
    return rows[0].attempts >= 2


async def test_restart_loses_nothing_and_delivers_once(
    start_ops: OpFactory, down_receiver: Receiver
) -> None:
    op = await start_ops(outbox=FAST)
    for n in range(5):
        await put(op, down_receiver.url + "/x", n, destination=f"peer-{n % 2}")
    await eventually(lambda: _attempted(op), what="a failed attempt")
    await op.restart()
    await op.restart()
    assert len(await messages(op)) == 5
    await down_receiver.start()
    await eventually(lambda: all_delivered(op, 5), what="all five after the restarts")
    assert sorted(down_receiver.numbers()) == [0, 1, 2, 3, 4]


async def test_4xx_is_dead_at_once_and_retry_redelivers(
    start_ops: OpFactory, receiver: Receiver, http: httpx.AsyncClient
) -> None:
    op = await start_ops(outbox=FAST)
    receiver.script = [422]
    message = await put(op, receiver.url + "/x", 1, kind="ewbi.call")
    await eventually(lambda: _status(op, "dead"), what="the message to die")
    listed = (await http.get(op.url + "/admin/outbox", params={"status": "dead"})).json()
    assert listed["counts"]["dead"] == 1
    [view] = listed["messages"]
    assert view["id"] == message.id and view["attempts"] == 1
    assert view["lastStatusCode"] == 422 and "scripted" in view["lastError"]
    response = await http.post(op.url + f"/admin/outbox/{message.id}/retry")
    assert response.status_code == 202, response.text
    await eventually(lambda: all_delivered(op, 1), what="redelivery")
    assert receiver.numbers() == [1, 1]
    again = await http.post(op.url + f"/admin/outbox/{message.id}/retry")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")


async def test_out_of_attempts_is_dead(start_ops: OpFactory, receiver: Receiver) -> None:
    op = await start_ops(outbox={**FAST, "max_attempts": 3})
    receiver.status = 503
    await put(op, receiver.url + "/x", 1)
    await eventually(lambda: _status(op, "dead"), what="the message to die")
    [row] = await messages(op)
    assert row.attempts == 3 and row.last_status_code == 503
    assert len(receiver.received) == 3


async def _status(op: Any, status: str) -> bool:
    return len(await messages(op, status)) == 1
