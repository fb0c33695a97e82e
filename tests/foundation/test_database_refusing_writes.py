"""With the database refusing writes (read-only), writes answer 503 with Retry-After in the
interface's error format, and /readyz fails until writes are possible again."""

from __future__ import annotations

from typing import Any

import asyncpg  # type: ignore[import-untyped]
import httpx
from sqlalchemy import event

from op_platform.db.engine import Database
from op_platform.keys import PLATFORM
from tests.helpers.databases import postgres_url
from tests.helpers.federation import ewbi, federation_body, headers_for
from tests.helpers.servers import RunningOp


def _query_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only = ON")
    cursor.close()


async def _set_read_only(database: Database, on: bool) -> None:
    """Make the database refuse writes (or accept them again) for every new connection, and
    drop the pooled ones."""
    if database.is_sqlite:
        engine = database.engine.sync_engine
        if on:
            event.listen(engine, "connect", _query_only)
        else:
            event.remove(engine, "connect", _query_only)
    else:
        name = database.url.rsplit("/", 1)[1]
        base = postgres_url() or ""  # the server's own database: this one refuses the ALTER
        connection = await asyncpg.connect(base.replace("+asyncpg", "", 1))
        try:
            flag = "on" if on else "off"
            await connection.execute(
                f'ALTER DATABASE "{name}" SET default_transaction_read_only = {flag}'
            )
        finally:
            await connection.close()
    await database.engine.dispose()


async def test_writes_answer_503_and_readyz_fails_while_writes_are_refused(
    op: RunningOp, http: httpx.AsyncClient
) -> None:
    assert (await http.get(op.url + "/readyz")).status_code == 200
    headers = await headers_for(http, op.url)  # the token is issued while writes are possible
    database = op.app[PLATFORM].database
    await _set_read_only(database, True)
    try:
        ready = await http.get(op.url + "/readyz")
        assert ready.status_code == 503, ready.text
        assert ready.headers["Retry-After"]
        body = federation_body("http://127.0.0.1:9")
        refused = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
        assert refused.status_code == 503, refused.text
        assert refused.headers["Retry-After"] == "5"
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert refused.json()["cause"] == "DATABASE_UNAVAILABLE"
        assert (await http.get(op.url + "/healthz")).status_code == 200  # alive, not ready
    finally:
        await _set_read_only(database, False)
    assert (await http.get(op.url + "/readyz")).status_code == 200
    again = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    assert again.status_code == 200, again.text
