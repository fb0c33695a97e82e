"""``conformance run`` against a partner that breaks ten known rules: exactly those ten failures,
each named by its rule and JSON path, and the exit code of the command is 1."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from op_platform import cli
from tests.conformance.double import Double
from tests.conformance.helpers import KIT, KIT2, by_status, rules, run_kit
from tests.helpers.servers import serve

EXPECTED = {
    "UpdateFederation": ("status-not-allowed", "$status"),
    "CreateFederation": ("missing-header:Location", "$headers.Location"),
    "GetFederationDetails": ("pattern", "$.lcmServiceEndPoint.ipv6Addresses[0]"),
    "GetFederationDetails:unknown": ("content-type", "$headers.Content-Type"),
    "UpdateFederation:invalid-body": ("problem-details", "$"),
    "callback:onZoneResourceUpdateEvent": ("callback-missing", "$"),
    "callback:onPartnerStatusEvent": ("callback-late", "$"),
    "callback:onResourceStatusChangeEvent": ("required", "$.grantedFlavours"),
    "isolation": ("isolation", "$status"),
    "token:garbled": ("token-accepted", "$status"),
}


async def test_the_ten_broken_rules_are_found() -> None:
    async with httpx.AsyncClient(timeout=10.0) as http:
        double = await serve(Double(http).app())
        try:
            report = await run_kit(double.url, only=["pools", "security"], callback_timeout=1.0)
        finally:
            await double.stop()
    failed = by_status(report, "fail")
    assert {name: rules(r) for name, r in failed.items()} == {
        name: {rule} for name, rule in EXPECTED.items()
    }
    skipped = by_status(report, "skip")
    assert "wrong scope" not in skipped["token:wrong-scope"].reason
    assert "fed-mgmt" in skipped["token:wrong-scope"].reason
    assert skipped["InstallApp"].reason == "area not selected (--only)"


async def test_the_command_exits_1_and_writes_its_reports(
    tmp_path: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("KIT_SECRET", KIT[1])
    monkeypatch.setenv("KIT2_SECRET", KIT2[1])
    async with httpx.AsyncClient(timeout=10.0) as http:
        double = await serve(Double(http).app())
        try:
            argv = [
                "conformance",
                "run",
                "--partner",
                double.url,
                "--token-url",
                double.url + "/oauth2/token",
                "--client-id",
                KIT[0],
                "--client-secret-env",
                "KIT_SECRET",
                "--second-client-id",
                KIT2[0],
                "--second-client-secret-env",
                "KIT2_SECRET",
                "--only",
                "pools",
                "security",
                "--callback-timeout",
                "1",
                "--junit",
                f"{tmp_path}/r.xml",
                "--json",
                f"{tmp_path}/r.json",
                "--html",
                f"{tmp_path}/r.html",
            ]
            code = await asyncio.to_thread(cli.main, argv)
        finally:
            await double.stop()
    assert code == 1
    out = capsys.readouterr().out
    assert "10 failed" in out
    assert "$.lcmServiceEndPoint.ipv6Addresses[0]: pattern" in out
    for name in ("r.xml", "r.json", "r.html"):
        assert (tmp_path / name).stat().st_size > 0  # type: ignore[operator]


def test_a_missing_secret_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OP_CONFORMANCE_SECRET", raising=False)
    argv = [
        "conformance",
        "run",
        "--partner",
        "http://127.0.0.1:9",
        "--token-url",
        "http://127.0.0.1:9/oauth2/token",
        "--client-id",
        "x",
    ]
    assert cli.main(argv) == 2
