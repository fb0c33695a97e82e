"""The running OP is built in one place: from a fresh interpreter, importing nothing but the
application factory, and with nothing shared between two OPs of one process."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.keys import PLATFORM
from op_platform.outbox import OutboxMessage, Outcome
from tests.conftest import OpFactory

FRESH = textwrap.dedent(
    """
    import asyncio, json, sys, tempfile
    from pathlib import Path

    assert not [m for m in sys.modules if m.startswith("op_platform")], "imported too early"
    import op_platform.app  # the factory is the only entry: nothing else is imported by hand
    handlers = sorted(m for m in sys.modules if m.startswith("op_platform.api."))
    assert handlers, "create_app's module brings its interfaces"

    import httpx
    from mec_mocks.oss.onboard import onboard
    from mec_mocks.oss.package import make_package
    from op_platform.demo.topology import build, start_all, stop_all

    async def main() -> dict:
        folder = Path(tempfile.mkdtemp())
        ops = build(2, folder)  # each OP built by op_platform.app.create_app
        await start_all(ops)
        try:
            one, two = ops
            async with httpx.AsyncClient(timeout=30) as http:
                body = {"partnerId": "op-2"}
                made = await http.post(one.op.url + "/admin/federations", json=body)
                assert made.status_code == 201, made.text
                package = folder / "app.zip"
                make_package(package, name="Fresh App", version="1.0.0")
                result = await onboard(
                    meo_url=one.meo_api,
                    target_network=two.network_id,
                    app_type="cross-network",
                    package=package,
                    wait=True,
                    wait_remote=True,
                    wait_timeout=60,
                    http=http,
                )
                operations = (await http.get(one.op.url + "/admin/operations")).json()
            return {
                "ok": result.ok,
                "remote": [r.get("remoteState") for r in result.remote],
                "states": sorted(op["state"] for op in operations),
            }
        finally:
            await stop_all(ops)

    print(json.dumps(asyncio.run(main())))
    """
)


def test_fresh_interpreter_builds_the_op_and_runs_a_cross_network_flow(tmp_path: Path) -> None:
    script = tmp_path / "fresh.py"
    script.write_text(FRESH)
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=240, cwd=root
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = __import__("json").loads(done.stdout.strip().splitlines()[-1])
    assert result["ok"], result
    assert "ONBOARDED" in result["remote"], result
    assert "ONBOARDED" in result["states"], result


async def test_two_ops_in_one_process_share_no_state(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    a, b = await start_ops("op-a"), await start_ops("op-b")
    one, two = a.app[PLATFORM], b.app[PLATFORM]
    for name in (
        "database",
        "metrics",
        "security",
        "tokens",
        "storage",
        "outbox",
        "outbox_handlers",
        "listeners",
    ):
        assert getattr(one, name) is not getattr(two, name), name
    assert one.workers.keys() == two.workers.keys()
    assert all(one.workers[k] is not two.workers[k] for k in one.workers)
    assert one.metrics.registry is not two.metrics.registry

    # What one OP registers, the other does not see.
    async def on_result(session: AsyncSession, message: OutboxMessage, outcome: Outcome) -> None:
        return None

    one.outbox_handlers.add_result("test.only-on-a", on_result)
    assert two.outbox_handlers.result("test.only-on-a") is None
    assert one.outbox_handlers.result("test.only-on-a") is on_result

    # Each OP's auth resolvers are bound to its own settings: op-b knows no partner of op-a's.
    resolver_a = one.outbox_handlers.auth("partner")
    resolver_b = two.outbox_handlers.auth("partner")
    assert resolver_a is not None and resolver_b is not None and resolver_a is not resolver_b

    # Requests to one OP are counted in its own metrics only.
    await http.get(a.url + "/healthz")
    text_a, text_b = (
        (await http.get(a.url + "/metrics")).text,
        (await http.get(b.url + "/metrics")).text,
    )
    assert 'operation="healthz"' in text_a
    assert 'operation="healthz"' not in text_b
