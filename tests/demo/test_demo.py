"""``op-platform demo`` end to end, in-process and as the installed command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from op_platform.demo.run import run_demo


async def test_demo_json_shows_both_flows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = await run_demo(2, as_json=True, folder=tmp_path)
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and report["ok"], report.get("reason")
    zones = {z["zoneId"]: z for z in report["zones"]}
    assert set(zones) == {"op-1-madrid", "op-1-barcelona", "op-2-berlin", "op-2-munich"}
    for zone in zones.values():
        assert zone["nodes"] == 4 and zone["cpus"] > 0 and zone["subscribed"]
        assert (zone["status"], zone["health"]) == ("AVAILABLE", "OK")
    traditional, cross = report["flows"]
    assert traditional["name"] == "traditional" and traditional["ok"]
    assert traditional["mepmNotifications"] == 1
    assert traditional["meo"] == {"meo-op-1": ["ONBOARDED"]}
    assert cross["name"] == "cross-network" and cross["ok"]
    steps = [hop["step"] for hop in cross["steps"]]
    assert steps == sorted(steps) and set(steps) == set(range(1, 10))
    actors = {hop["from"] for hop in cross["steps"]} | {hop["to"] for hop in cross["steps"]}
    assert {"oss", "meo-op-1", "op-1", "op-2", "meo-op-2"} <= actors
    assert cross["meo"]["meo-op-2"] == ["ONBOARDED"]
    assert "ONBOARDED" in cross["meo"]["meo-op-1"]
    hops = [op for op in cross["operations"] if op["role"] in {"origin", "partner"}]
    assert all(op["hops"] and op["state"] == "ONBOARDED" for op in hops)
    steered = report["steering"]  # the cross-network app's instance at op-2, steered there
    assert steered["operator"] == "op-2" and steered["zone"] == "op-2-berlin"
    (route,) = steered["trafficInfluence"]["trafficRoutes"]
    assert route["dnai"] == "dnai-op-2-berlin" and route["routeInfo"]["portNumber"] == 8443
    assert list(steered["easDeployment"]["dnaiInfos"]) == ["dnai-op-2-berlin"]


def test_demo_command_prints_the_steps(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "op-platform"),
            "demo",
            "--operators",
            "3",
            "--data",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "demo succeeded" in out
    for step in range(1, 10):
        assert f"step {step} " in out
    assert "op-3" in out and "variant yes" in out
    assert "nef-op-2 traffic influence" in out and "nef-op-2 EAS deployment" in out
