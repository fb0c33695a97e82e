"""What a serving OP loads: ``op-platform serve`` on a database already at head starts and
stops without importing Alembic, DMTF's Redfish library (no zone on an edge site) or the
other commands' modules (conformance kit, demo, certificates...)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from op_platform.cli import main

SERVE = """
import json, sys
from aiohttp import web
from op_platform import server
from op_platform.cli import main

async def start_and_stop(app, host, port, **kwargs):
    runner = web.AppRunner(app)
    await runner.setup()  # the platform starts: database checked, services wired
    await runner.cleanup()

server.run_app = start_and_stop
code = main(["serve", "--config", sys.argv[1]])
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def serve_modules(config: Path) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", SERVE, str(config)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["code"] == 0, result.stderr
    modules: list[str] = answer["modules"]
    return modules


def test_serve_at_head_loads_neither_alembic_nor_redfish_nor_the_tools(tmp_path: Path) -> None:
    config = tmp_path / "op.toml"
    config.write_text(
        'operator_id = "op-x"\ncountry_code = "ES"\n'
        f'database_url = "sqlite+aiosqlite:///{tmp_path / "op.db"}"\n'
        f'data_dir = "{tmp_path}"\n'
    )
    assert main(["db", "upgrade", "--config", str(config)]) == 0
    modules = serve_modules(config)
    assert "op_platform.platform" in modules and "op_platform.wiring" in modules
    tops = {name.split(".")[0] for name in modules}
    assert not tops & {"alembic", "mako", "redfish"}
    tools = [m for m in modules if m.startswith(("op_platform.cli_", "op_platform.conformance"))]
    assert not tools
