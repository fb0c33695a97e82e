"""Running the conformance kit in tests: an OP under test that knows the kit's clients, and the
kit's run against any partner URL."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import httpx

from op_platform.conformance import plan
from op_platform.conformance.findings import Report, Result
from op_platform.conformance.profiles import Profile
from op_platform.conformance.runner import Credentials, run
from op_platform.conformance.session import Options
from op_platform.models.ewbi import paths
from tests.conftest import OpFactory
from tests.helpers.servers import TEST_SCOPES, RunningOp

KIT = ("kit-client", "kit-client-secret")
KIT2 = ("kit-client-2", "kit-client-2-secret")
FAST = {
    "outbox": {"poll_interval": 0.1, "base_delay": 0.1, "max_delay": 0.5},
    "onboarding": {"poll_interval": 0.1},
    "instances": {"poll_interval": 0.1, "deploy_seconds": 0.1, "terminate_seconds": 0.1},
}


async def start_sut(start_ops: OpFactory, **overrides: Any) -> RunningOp:
    """An OP whose clients are the kit's two (the second only for the isolation check)."""
    clients = [
        {"client_id": KIT[0], "client_secret": KIT[1], "scopes": TEST_SCOPES},
        {"client_id": KIT2[0], "client_secret": KIT2[1], "scopes": ["fed-mgmt"]},
    ]
    return await start_ops("op-sut", clients=clients, **{**FAST, **overrides})


async def run_kit(
    partner: str,
    *,
    profile: Profile = "strict",
    token_url: str | None = None,
    only: Iterable[str] = (),
    second: bool = True,
    callback_timeout: float = 20.0,
    flavour: str | None = None,
) -> Report:
    options = Options(partner, profile, plan.selected(only), callback_timeout, flavour=flavour)
    credentials = Credentials(
        token_url or partner + paths.OAUTH_TOKEN, *KIT, *(KIT2 if second else (None, None))
    )
    async with httpx.AsyncClient(timeout=10.0) as http:
        return await run(options, credentials, http=http)


def by_status(report: Report, status: str) -> dict[str, Result]:
    return {r.name: r for r in report.results if r.status == status}


def rules(result: Result) -> set[tuple[str, str]]:
    return {(f.rule, f.path) for f in result.findings}
