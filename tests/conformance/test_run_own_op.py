"""``conformance run`` against this project's own OP, on loopback, in both profiles.

Every operation of openapi/ewbi.yaml, the five callbacks, the token checks and isolation pass.
The flavour the OP advertises in ZoneSubscribe/GetZoneData (the kit's default) is one InstallApp
and CreateResourcePools accept.
"""

from __future__ import annotations

import pytest

from op_platform.conformance.contract import load_contract
from op_platform.conformance.profiles import PROFILES, Profile
from tests.conformance.helpers import by_status, run_kit, start_sut
from tests.conftest import OpFactory


@pytest.mark.parametrize("profile", PROFILES)
async def test_every_check_passes_against_our_op(start_ops: OpFactory, profile: Profile) -> None:
    op = await start_sut(start_ops)
    report = await run_kit(op.url, profile=profile, flavour="fl-small")
    assert by_status(report, "fail") == {}, [f.message for r in report.results for f in r.findings]
    assert by_status(report, "skip") == {}
    checked = {r.operation for r in report.results if r.status == "pass"}
    assert set(load_contract().operations) <= checked
    callbacks = {r.name.split(" ")[0] for r in report.results if r.name.startswith("callback:")}
    assert callbacks == {f"callback:{name}" for name in load_contract().callbacks}
    assert not report.failed


async def test_advertised_flavour_is_installable(start_ops: OpFactory) -> None:
    """The kit installs and reserves with the first flavour the zone advertises."""
    op = await start_sut(start_ops)
    report = await run_kit(op.url, only=["instances", "pools"], second=False)
    failed = by_status(report, "fail")
    assert failed == {}, {name: [f.message for f in r.findings] for name, r in failed.items()}
