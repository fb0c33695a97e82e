"""The flow when things go wrong: a partner down, an OP restarted, a bad checksum, no federation."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from aiohttp import web

from op_platform.demo.topology import Operator, start_all, stop_all
from tests.helpers.servers import serve
from tests.integration.flow_helpers import (
    federate,
    meo_packages,
    onboard_at,
    operations,
    operators,
    package,
)

NewDatabase = Callable[[str], Awaitable[str]]


@pytest.fixture
async def pair(tmp_path: Path, new_database: NewDatabase) -> AsyncIterator[list[Operator]]:
    ops = await operators(tmp_path, new_database)
    await start_all(ops)
    await federate(ops[0], ops[1])
    yield ops
    await stop_all(ops)


async def wait_for_state(
    http: httpx.AsyncClient, operator: Operator, role: str, state: str
) -> dict[str, object]:
    deadline = asyncio.get_running_loop().time() + 30
    while True:
        found = [o for o in await operations(http, operator) if o["role"] == role]
        if found and found[0]["state"] == state:
            return found[0]
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"{operator.operator_id} {role} never reached {state}: {found}")
        await asyncio.sleep(0.1)


async def test_partner_down_when_flow_starts_completes_later(
    pair: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, two = pair
    await two.op.stop()
    flow = asyncio.create_task(onboard_at(one, two, package(tmp_path), "cross-network"))
    origin = await wait_for_state(http, one, "origin", "FORWARDING")
    assert any("(queued)" in h["action"] for h in origin["hops"])  # type: ignore[attr-defined]
    replies = [h for h in origin["hops"] if h["step"] == 8]  # type: ignore[attr-defined]
    assert replies and replies[0]["statusCode"] == 202
    await two.op.start()
    result = await flow
    assert result.ok, result.to_dict()
    assert [p["onboardingState"] for p in await meo_packages(http, two)] == ["ONBOARDED"]
    done = await wait_for_state(http, one, "origin", "ONBOARDED")
    assert any("delivered from queue" in h["action"] for h in done["hops"])  # type: ignore[attr-defined]


async def test_origin_restarted_mid_flow_completes_once(
    pair: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, two = pair
    await two.op.stop()
    flow = asyncio.create_task(onboard_at(one, two, package(tmp_path), "cross-network"))
    await wait_for_state(http, one, "origin", "FORWARDING")
    await one.op.stop()
    await one.op.start()
    await two.op.start()
    result = await flow
    assert result.ok, result.to_dict()
    assert len(await meo_packages(http, two)) == 1
    assert len([o for o in await operations(http, one) if o["role"] == "origin"]) == 1
    assert len([o for o in await operations(http, two) if o["role"] == "partner"]) == 1


async def test_checksum_rejected_at_partner_meo_fails_with_reason(
    pair: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, two = pair
    path = package(tmp_path)
    good = path.read_bytes()
    corrupt = asyncio.Event()  # set once MEO1 has onboarded: later fetches get other bytes

    async def content(request: web.Request) -> web.Response:
        data = good[:-10] + b"corrupted!" if corrupt.is_set() else good
        return web.Response(body=data, content_type="application/zip")

    app = web.Application()
    app.router.add_get("/pkg.zip", content)
    source = await serve(app)
    await two.op.stop()  # the forward waits in OP1's outbox until the bytes have changed
    try:
        from mec_mocks.oss.onboard import onboard

        flow = asyncio.create_task(
            onboard(
                meo_url=one.meo_api,
                target_network=two.network_id,
                app_type="cross-network",
                package=f"{source.url}/pkg.zip",
                name="Demo App",
                version="1.0.0",
                provider="ACME",
                wait=True,
                wait_remote=True,
                wait_timeout=60,
                poll_interval=0.1,
            )
        )
        await wait_for_state(http, one, "origin", "FORWARDING")
        corrupt.set()
        await two.op.start()
        result = await flow
    finally:
        await source.stop()
    assert not result.ok
    remote = result.remote[0]
    assert remote["remoteState"] == "FAILED"
    assert "checksum" in (remote.get("detail") or "").lower(), remote
    assert [p["onboardingState"] for p in await meo_packages(http, one)] == ["ONBOARDED"]
    partner = await wait_for_state(http, two, "partner", "FAILED")
    assert "checksum" in str(partner["detail"]).lower()


async def test_target_without_federation_is_a_clear_error(
    pair: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, _ = pair
    from mec_mocks.oss.onboard import onboard

    result = await onboard(
        meo_url=one.meo_api,
        target_network="99999",
        app_type="cross-network",
        package=package(tmp_path),
        wait=True,
        wait_remote=True,
        wait_timeout=60,
        poll_interval=0.1,
    )
    assert not result.ok
    remote = result.remote[0]
    assert remote["remoteState"] == "FAILED"
    forwarding = remote["forwarding"]
    assert forwarding["lastStatusCode"] == 404
    assert "99999" in str(forwarding.get("response") or forwarding.get("lastError"))
    assert [p["onboardingState"] for p in await meo_packages(http, one)] == ["ONBOARDED"]
    origin = await wait_for_state(http, one, "origin", "FAILED")
    assert "99999" in str(origin["detail"])


async def test_retrying_a_failed_remote_leg_does_not_onboard_twice(
    pair: list[Operator], tmp_path: Path, http: httpx.AsyncClient
) -> None:
    one, two = pair
    path = package(tmp_path)
    first = await onboard_at(one, two, path, "cross-network")
    again = await onboard_at(one, two, path, "cross-network")
    assert first.ok and again.ok
    assert first.app_pkg_id == again.app_pkg_id
    assert len(await meo_packages(http, one)) == 1
    assert len(await meo_packages(http, two)) == 1
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert (await meo_packages(http, two))[0]["checksum"]["hash"] == digest


async def test_reposting_after_a_remote_failure_retries_only_the_remote_leg(
    tmp_path: Path, new_database: NewDatabase, http: httpx.AsyncClient
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    await start_all(ops)
    try:
        path = package(tmp_path)
        first = await onboard_at(one, two, path, "cross-network")  # no federation yet
        assert not first.ok and first.remote[0]["remoteState"] == "FAILED"
        await federate(one, two)
        again = await onboard_at(one, two, path, "cross-network")
        assert again.ok, again.to_dict()
        assert again.app_pkg_id == first.app_pkg_id
        assert len(await meo_packages(http, one)) == 1
        assert [p["onboardingState"] for p in await meo_packages(http, two)] == ["ONBOARDED"]
        origin = [o for o in await operations(http, one) if o["role"] == "origin"]
        assert len(origin) == 1 and origin[0]["state"] == "ONBOARDED"
    finally:
        await stop_all(ops)
