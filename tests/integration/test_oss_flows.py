"""``mec-mocks oss flows`` against operators on loopback: federates, runs both flows, prints the
nine steps, checks every MEO, and fails when the cross-network leg cannot be authorised."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from mec_mocks.cli import build_parser
from mec_mocks.oss.flows import EXIT_FLOW_FAILED, EXIT_NOT_READY, EXIT_OK, flow_version, run_flows
from mec_mocks.oss.operators import LabError, Operator, parse_operator
from op_platform.demo.topology import Operator as DemoOperator
from op_platform.demo.topology import build, start_all, stop_all
from op_platform.ports import free_port

ADMIN_TOKEN = "flows-test-admin-token"
Start = Callable[..., Awaitable[list[DemoOperator]]]


@pytest.fixture
async def federation(tmp_path: Path) -> AsyncIterator[Start]:
    started: list[DemoOperator] = []

    async def start(
        count: int = 2, tls: bool = False, **overrides: dict[str, Any]
    ) -> list[DemoOperator]:
        per_op = {f"op-{n + 1}": {"admin_token": ADMIN_TOKEN} for n in range(count)}
        for op_id, values in overrides.items():
            per_op[op_id.replace("_", "-")].update(values)
        ops = build(count, tmp_path, overrides=per_op, tls=tls)
        started.extend(ops)
        await start_all(ops)
        return ops

    yield start
    await stop_all(started)


def lab_operators(ops: list[DemoOperator]) -> list[Operator]:
    return [Operator(op.operator_id, op.network_id, op.op.url, op.meo.url) for op in ops]


async def run(ops: list[Operator], tmp_path: Path, **kwargs: Any) -> tuple[int, str]:
    lines: list[str] = []
    code = await run_flows(
        ops,
        admin_token=ADMIN_TOKEN,
        serve_host="127.0.0.1",
        advertise_host="127.0.0.1",
        workdir=tmp_path,
        say=lines.append,
        **kwargs,
    )
    return code, "\n".join(lines)


async def test_both_flows_reach_every_meo(federation: Start, tmp_path: Path) -> None:
    ops = await federation(2)
    code, out = await run(lab_operators(ops), tmp_path)
    assert code == EXIT_OK, out
    assert "op-1 -> op-2: federated" in out and "op-2 -> op-1: federated" in out
    cross = out[out.index("cross-network onboarding") :]
    for step in range(1, 10):
        assert f"step {step} " in cross, f"step {step} missing:\n{cross}"
    assert "meo-op-2 -> op-2" in cross and "op-1 -> op-2" in cross
    assert "meo-op-1: ONBOARDED, meo-op-2: ONBOARDED" in cross
    assert "flows succeeded" in out

    again, out = await run(lab_operators(ops), tmp_path, flows=["cross-network"])
    assert again == EXIT_OK, out
    assert "op-1 -> op-2: already federated" in out
    assert "traditional onboarding" not in out


async def test_wrong_partner_secret_fails_the_cross_network_flow(
    federation: Start, tmp_path: Path
) -> None:
    ops = await federation(2, op_2={"clients": [{"client_id": "op-1", "client_secret": "wrong"}]})
    code, out = await run(lab_operators(ops), tmp_path)
    assert code == EXIT_FLOW_FAILED, out
    assert "op-1 -> op-2: federation FAILED" in out
    assert "traditional   op-1 -> op-1   ONBOARDED  meo-op-1: ONBOARDED" in out
    assert "cross-network op-1 -> op-2   FAILED     meo-op-1: ONBOARDED, meo-op-2: none" in out
    assert "no federation serves target network '26201'" in out
    assert "flows FAILED" in out


async def test_https_operators_verified_with_the_lab_ca(federation: Start, tmp_path: Path) -> None:
    ops = lab_operators(await federation(2, tls=True))
    assert all(op.op_url.startswith("https://") for op in ops)
    untrusted, out = await run(ops, tmp_path, flows=["traditional"], ready_timeout=0.5)
    assert untrusted == EXIT_NOT_READY, out  # the public CAs do not vouch for the lab's OPs
    code, out = await run(ops, tmp_path, ca_file=tmp_path / "pki" / "ca.crt")
    assert code == EXIT_OK, out
    assert "op-1 -> op-2: federated" in out and "flows succeeded" in out


def test_a_missing_ca_file_is_an_error_naming_it(tmp_path: Path, capsys: Any) -> None:
    missing = tmp_path / "no-such-ca.crt"
    args = build_parser().parse_args(
        ["oss", "flows", "--operator", "a,1,https://a,http://b", "--ca-file", str(missing)]
    )
    assert args.func(args) == 2
    assert f"error: CA file {missing}" in capsys.readouterr().err


async def test_optional_operator_left_out_when_absent(federation: Start, tmp_path: Path) -> None:
    ops = lab_operators(await federation(2))
    absent = Operator(
        "op-3", "20801", "http://op-3.invalid:8080", "http://meo-3.invalid:9001", True
    )
    code, out = await run([*ops, absent], tmp_path, flows=["traditional"])
    assert code == EXIT_OK, out
    assert "op-3: not running" in out


async def test_not_ready_in_time(tmp_path: Path) -> None:
    port = free_port()
    ops = [Operator("op-1", "21401", f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}")]
    code, out = await run(ops, tmp_path, ready_timeout=0.5)
    assert code == EXIT_NOT_READY
    assert "op-1 is not ready" in out


def test_operator_spec_and_versions() -> None:
    op = parse_operator("op-3,20801,http://op-3:8080/,http://meo-3:9001,optional")
    assert op == Operator("op-3", "20801", "http://op-3:8080", "http://meo-3:9001", True)
    assert op.meo_name == "meo-op-3"
    for bad in ("op-1,21401,http://op-1:8080", "op-1,21401,op-1:8080,http://meo-1:9001"):
        with pytest.raises(LabError):
            parse_operator(bad)
    assert [flow_version("1.0.0", k) for k in range(3)] == ["1.0.0", "1.1.0", "1.2.0"]
    assert flow_version("v2", 1) == "v2.1"
    args = build_parser().parse_args(
        ["oss", "flows", "--operator", "a,1,http://a,http://b", "--flows", "cross-network"]
    )
    assert args.operator == ["a,1,http://a,http://b"] and args.flows == "cross-network"
