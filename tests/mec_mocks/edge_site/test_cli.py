"""``mec-mocks edge-site``: the command line parses, and ``admin`` drives a running site."""

from __future__ import annotations

import asyncio
import json

import pytest

from mec_mocks.cli import build_parser, main
from mec_mocks.testing import Servers


def test_serve_options_parse() -> None:
    args = build_parser().parse_args(
        ["edge-site", "--profile", "immersion", "--nodes", "8", "--time-scale", "60", "--http"]
    )
    assert (args.profile, args.nodes, args.time_scale, args.http) == ("immersion", 8, 60.0, True)
    assert args.func.__name__ == "_serve"
    with pytest.raises(SystemExit):
        build_parser().parse_args(["edge-site", "--profile", "underwater"])


async def test_admin_commands_drive_a_running_site(
    servers: Servers, capsys: pytest.CaptureFixture[str]
) -> None:
    site = await servers.edge_site(tls=True, nodes=2)
    cacert = str(servers.tmp_path / "edge-tls" / "cert.pem")
    base = ["edge-site", "admin", "--url", site.url, "--cacert", cacert]

    async def run(*command: str) -> tuple[int, dict[str, object]]:
        capsys.readouterr()
        code = await asyncio.to_thread(main, [*base, *command])
        return code, json.loads(capsys.readouterr().out)

    code, state = await run("fan", "node1", "all", "fail")
    assert code == 0 and state["eventsRaised"] == 4
    code, state = await run("ambient", "58")
    assert state["ambientC"] == 58
    code, state = await run("advance", "900")
    nodes = state["nodes"]
    assert isinstance(nodes, list)
    assert [n["powerState"] for n in nodes] == ["Off", "Off"]
    code, state = await run("load", "node2", "1.5")
    assert code == 1 and "error" in state
    code, events = await run("events")
    assert code == 0 and len(events["events"]) > 10  # type: ignore[arg-type]
    insecure = await asyncio.to_thread(
        main, ["edge-site", "admin", "--url", site.url, "--insecure", "--password", "x", "state"]
    )
    assert insecure == 1
