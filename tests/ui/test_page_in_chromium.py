"""The federation page in a real browser: headless Chromium (Debian's ``chromium``) logs in to
op-1's page, watches a cross-network flow run from op-1 to op-2, and finds its sequence diagram
with all nine steps once the flow is ONBOARDED. The screenshot is kept under
``test-artifacts/ui/`` at the repository root (and in the test's tmp folder)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from tests.integration.flow_helpers import federated_pair, onboard_at, package
from tests.ui.browser import CHROMIUM, INSTALL, launch

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "ui"
TOKEN = "ui-test-admin-token-0123456789"
ACTORS = ["oss", "meo-op-1", "op-1", "op-2", "meo-op-2"]

# The steps drawn in the diagram of the ONBOARDED cross-network flow, once step 9 is among them.
DRAWN_STEPS = """(() => {
  const flow = [...document.querySelectorAll('#flows .flow[data-state="ONBOARDED"]')]
    .find((node) => node.textContent.includes('cross-network'));
  const svg = flow && flow.querySelector('svg');
  const steps = svg ? [...svg.querySelectorAll('g.hop')].map((g) => Number(g.dataset.step)) : [];
  return steps.includes(9) ? steps : null;
})()"""
SECTION_TEXT = "document.querySelector('#{}').innerText"
HEAD_TEXT = (
    """document.querySelector('#flows .flow[data-state="ONBOARDED"] .flow-head').innerText"""
)
DIAGRAM_TEXT = """[...document.querySelectorAll('#flows .flow[data-state="ONBOARDED"] svg')]
  .map((svg) => svg.textContent).join(' ')"""


@pytest.fixture
def chromium() -> Path:
    if not CHROMIUM.is_file():
        pytest.skip(f"headless Chromium is not installed at {CHROMIUM}: {INSTALL}")
    return CHROMIUM


def artefact_name() -> str:
    database = "postgresql" if os.environ.get("OP_TEST_DATABASE_URL") else "sqlite"
    return f"cross-network-flow-{database}.png"


async def test_page_shows_a_completed_cross_network_flow(
    chromium: Path,
    tmp_path: Path,
    new_database: Callable[[str], Awaitable[str]],
    capsys: pytest.CaptureFixture[str],
) -> None:
    overrides = {"op-1": {"admin_token": TOKEN}}
    async with federated_pair(tmp_path, new_database, overrides) as (one, two):
        async with launch(tmp_path / "browser") as page:
            await page.goto(one.op.url + "/ui/")
            await page.wait_for("document.getElementById('login')?.hidden === false", what="login")
            await page.type_into("#login input[name=token]", TOKEN)
            await page.evaluate("document.querySelector('#login form').requestSubmit()")
            await page.wait_for(
                "document.getElementById('content')?.hidden === false", what="the page after login"
            )
            partners = await page.evaluate(SECTION_TEXT.format("partners"))
            assert "op-2" in partners and "AVAILABLE" in partners
            # The page is open before the flow runs: it must show the flow by refreshing.
            result = await onboard_at(one, two, package(tmp_path), "cross-network")
            assert result.ok, result.to_dict()
            steps = await page.wait_for(
                DRAWN_STEPS, within=60, what="the flow's diagram with step 9"
            )
            assert sorted(set(steps)) == list(range(1, 10)), steps
            assert steps == sorted(steps)
            head = await page.evaluate(HEAD_TEXT)
            assert "ONBOARDED" in head and "cross-network" in head and "partner op-2" in head
            diagram = await page.evaluate(DIAGRAM_TEXT)
            for actor in ACTORS:
                assert actor in diagram
            assert "OnboardAppPackageVariant 201" in diagram
            assert "remote state ONBOARDED" in diagram
            zones = await page.evaluate(SECTION_TEXT.format("zones"))
            assert "op-1-madrid" in zones and "op-2-berlin" in zones
            header = await page.evaluate("document.querySelector('header').innerText")
            assert "op-1" in header
            assert page.errors == []
            shot = await page.screenshot(tmp_path / artefact_name())
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        kept = shutil.copy(shot, ARTIFACTS / shot.name)
        with capsys.disabled():
            print(f"\nscreenshot of the page: {kept}")
