"""The federated onboarding flow across two operators (OSS1 -> MEO1 -> OP1 -> OP2 -> MEO2)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from op_platform.demo.topology import start_all, stop_all
from tests.integration.flow_helpers import (
    federate,
    meo_packages,
    onboard_at,
    operations,
    operators,
    package,
)


async def test_cross_network_reaches_both_meos(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    await start_all(ops)
    try:
        await federate(one, two)
        result = await onboard_at(one, two, package(tmp_path), "cross-network")
        assert result.ok, result.to_dict()
        assert result.remote and result.remote[0]["remoteState"] == "ONBOARDED"
        at_two = await meo_packages(http, two)
        assert [p["onboardingState"] for p in at_two] == ["ONBOARDED"]
        origin = [o for o in await operations(http, one) if o["role"] == "origin"]
        partner = [o for o in await operations(http, two) if o["role"] == "partner"]
        assert len(origin) == 1 and len(partner) == 1
        assert origin[0]["state"] == "ONBOARDED" and partner[0]["state"] == "ONBOARDED"
        assert {3, 4, 7, 8} <= {h["step"] for h in origin[0]["hops"]}
        assert {4, 5, 6, 7} <= {h["step"] for h in partner[0]["hops"]}
        assert origin[0]["correlator"] == partner[0]["correlator"]
        assert partner[0]["meoAppPkgId"] == at_two[0]["id"]
    finally:
        await stop_all(ops)
