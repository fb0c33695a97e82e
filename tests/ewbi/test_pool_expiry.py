"""ISV resource pools end when their reserveDuration is over: unused flavours go back to the
zone, the partner is told (released flavours at numFlavour 0), and an ended pool takes no new
instances."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.instance_rows import ResourcePoolRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.instances.pool_expiry import end_reservations
from op_platform.services.instances.reservation import expiry
from op_platform.services.zones.flavours import Resources
from tests.ewbi.test_pools import SMALL_ZONE, create, pool_body, pool_url, pools_url, usage
from tests.helpers.federation import Recorder, wait_for
from tests.helpers.instances import Setup, federation_with_app, install_body
from tests.helpers.servers import RunningOp

POOL_EVENT = paths.ON_RESOURCE_STATUS_CHANGE_EVENT
INST_EVENT = paths.ON_INSTANCE_STATUS_EVENT


@pytest.fixture
async def s(http: httpx.AsyncClient, start_ops: Any) -> Setup:
    op = await start_ops(
        zones=[SMALL_ZONE],
        instances={"poll_interval": 0.1, "pool_check_interval": 0.2},
    )
    return await federation_with_app(http, op, zones=("zone-1",))


@pytest.mark.parametrize(
    ("start", "duration", "end"),
    [
        (datetime(2026, 1, 10, 8, tzinfo=UTC), {"numOfDays": 7}, datetime(2026, 1, 17, 8)),
        (datetime(2026, 1, 31, tzinfo=UTC), {"numOfMonths": 1}, datetime(2026, 2, 28)),
        (datetime(2028, 1, 31, tzinfo=UTC), {"numOfMonths": 1}, datetime(2028, 2, 29)),
        (datetime(2028, 2, 29, tzinfo=UTC), {"numOfYears": 1}, datetime(2029, 2, 28)),
        (datetime(2026, 11, 30, tzinfo=UTC), {"numOfMonths": 3}, datetime(2027, 2, 28)),
        (
            datetime(2026, 12, 15, tzinfo=UTC),
            {"numOfYears": 1, "numOfMonths": 2, "numOfDays": 20},
            datetime(2028, 3, 6),
        ),
        (datetime(2026, 5, 1, tzinfo=UTC), {"numOfDays": 0}, datetime(2026, 5, 1)),
    ],
)
def test_expiry_adds_years_months_days(
    start: datetime, duration: dict[str, int], end: datetime
) -> None:
    assert expiry(start, duration) == end.replace(tzinfo=UTC)


async def _pool(op: RunningOp, pool_id: str) -> ResourcePoolRow | None:
    async with op.app[PLATFORM].database.transaction() as session:
        return await session.get(ResourcePoolRow, pool_id)


async def _end_now(op: RunningOp, pool_id: str) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        pool = await session.get(ResourcePoolRow, pool_id)
        assert pool is not None
        pool.expires_at = utcnow() - timedelta(seconds=1)
        session.add(pool)


def _aware(value: datetime | None) -> datetime:
    assert value is not None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def test_reservation_end_is_set_and_moved_by_duration_updates(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    before = utcnow()
    pool_id = (await create(http, s, pool_body(recorder))).json()["poolId"]
    pool = await _pool(s.op, pool_id)
    assert pool is not None
    assert before + timedelta(days=7) <= _aware(pool.expires_at) <= utcnow() + timedelta(days=7)

    update = [
        {
            "updateType": "DURATION",
            "flavourId": "fl-small",
            "count": 2,
            "reserveDuration": {"numOfDays": 30},
        }
    ]
    before = utcnow()
    patched = await http.patch(pool_url(s, pool_id), json=update, headers=s.headers)
    assert patched.status_code == 200, patched.text
    pool = await _pool(s.op, pool_id)
    assert pool is not None
    assert before + timedelta(days=30) <= _aware(pool.expires_at)
    assert _aware(pool.expires_at) <= utcnow() + timedelta(days=30)


async def test_negative_or_huge_durations_are_refused(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    for duration in ({"numOfDays": -1}, {"numOfYears": 100000}):
        body = pool_body(recorder)
        body["resRequest"]["reserveDuration"] = duration
        response = await create(http, s, body)
        assert response.status_code == 400, response.text
        assert response.json()["invalidParams"][0]["param"].startswith("resRequest.reserveDuration")
    assert (await http.get(pools_url(s), headers=s.headers)).json() == []


async def test_an_unused_pool_is_removed_when_it_ends(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    pool_id = (await create(http, s, pool_body(recorder))).json()["poolId"]
    await wait_for(lambda: len(recorder.bodies(POOL_EVENT)) == 1, what="grant event")
    assert await usage(s.op) == Resources(4, 8192, 40)
    await _end_now(s.op, pool_id)

    await wait_for(lambda: len(recorder.bodies(POOL_EVENT)) == 2, what="end event")
    assert recorder.bodies(POOL_EVENT)[1]["grantedFlavours"] == [
        {"flavourId": "fl-small", "numFlavour": 0}
    ]
    assert recorder.bodies(POOL_EVENT)[1]["poolId"] == pool_id
    assert await _pool(s.op, pool_id) is None
    assert await usage(s.op) == Resources()
    assert (await http.get(pools_url(s), headers=s.headers)).json() == []


async def test_an_ended_pool_keeps_what_runs_in_it(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    pool_id = (await create(http, s, pool_body(recorder, numFlavour=3))).json()["poolId"]
    lcm = s.url(paths.lcm(s.ctx))

    async def install() -> str:
        body = install_body(recorder.url + INST_EVENT, resPool=pool_id)
        response = await http.post(lcm, json=body, headers=s.headers)
        assert response.status_code == 202, response.text
        return str(response.json()["appInstIdentifier"])

    def state(instance: str) -> str | None:
        seen = [
            b["appInstanceInfo"]["appInstanceState"]
            for b in recorder.bodies(INST_EVENT)
            if b["appInstIdentifier"] == instance
        ]
        return seen[-1] if seen else None

    running = await install()
    await wait_for(lambda: state(running) == "READY", what="READY in the pool")
    await _end_now(s.op, pool_id)
    await wait_for(lambda: len(recorder.bodies(POOL_EVENT)) == 2, what="shrink event")
    assert recorder.bodies(POOL_EVENT)[1]["grantedFlavours"] == [
        {"flavourId": "fl-small", "numFlavour": 1}
    ]
    [info] = (await http.get(pools_url(s), headers=s.headers)).json()
    assert info["reservedFlavours"] == [{"flavourId": "fl-small", "count": 1}]
    assert await usage(s.op) == Resources(2, 4096, 20)

    refused = await install()
    await wait_for(lambda: state(refused) == "FAILED", what="no room in an ended pool")

    instance_url = s.url(paths.app_instance(s.ctx, s.app_id, running, "zone-1"))
    assert (await http.delete(instance_url, headers=s.headers)).status_code == 200
    await wait_for(lambda: len(recorder.bodies(POOL_EVENT)) == 3, what="release event")
    assert recorder.bodies(POOL_EVENT)[2]["grantedFlavours"] == [
        {"flavourId": "fl-small", "numFlavour": 0}
    ]
    assert await _pool(s.op, pool_id) is None
    assert await usage(s.op) == Resources()


async def test_pools_not_yet_ended_are_left_alone(
    http: httpx.AsyncClient, s: Setup, recorder: Recorder
) -> None:
    pool_id = (await create(http, s, pool_body(recorder))).json()["poolId"]
    async with s.op.app[PLATFORM].database.transaction() as session:
        assert await end_reservations(session, utcnow() + timedelta(days=6)) == 0
    assert await _pool(s.op, pool_id) is not None
    async with s.op.app[PLATFORM].database.transaction() as session:
        assert await end_reservations(session, utcnow() + timedelta(days=8)) == 1
    assert await _pool(s.op, pool_id) is None
