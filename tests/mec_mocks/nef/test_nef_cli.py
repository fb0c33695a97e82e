"""``mec-mocks nef``: help, settings from flags and file, admin commands on a running NEF."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from mec_mocks.cli import build_parser, main
from mec_mocks.nef.cli import build_config
from mec_mocks.testing import Servers
from tests.mec_mocks.nef.helpers import QOS, make_af, start_nef


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["nef", "--help"])
    assert stop.value.code == 0
    out = capsys.readouterr().out
    for word in (
        "--dnai ZONE_ID=DNAI",
        "--client AF_ID:SECRET",
        "--zone-location",
        "--seed",
        "--move-every",
        "--database",
        "/3gpp-traffic-influence/v1",
    ):
        assert word in out
    with pytest.raises(SystemExit):
        main(["nef", "admin", "move-ue", "--help"])
    assert "--out-of-coverage" in capsys.readouterr().out
    assert "nef" in build_parser().format_help()


def test_config_from_flags_and_file(tmp_path: Path) -> None:
    parse = build_parser().parse_args
    config = build_config(parse(["nef"]), 9003)
    assert [(s.zone, s.dnai) for s in config.sites] == [("zone-1", "dnai-1"), ("zone-2", "dnai-2")]
    args = parse(
        [
            "nef",
            "--client",
            "op-1:s:ec",
            "--dnai",
            "zone-x=dnai-x",
            "--zone-location",
            "zone-x=1.5,2.5",
            "--ues",
            "3",
            "--seed",
            "9",
            "--database",
            "n.db",
        ]
    )
    config = build_config(args, 1234)
    assert config.clients == {"op-1": "s:ec"}
    assert [(s.zone, s.dnai, s.lat, s.lon) for s in config.sites] == [
        ("zone-x", "dnai-x", 1.5, 2.5)
    ]
    assert (config.port, config.ues, config.seed, config.database) == (1234, 3, 9, "n.db")
    toml = tmp_path / "nef.toml"
    toml.write_text(
        'ues = 5\nmove_every = 2.0\n[clients]\nop-2 = "x"\n'
        '[[sites]]\nzone = "z1"\ndnai = "d1"\nlat = 10.0\nlon = 20.0\n'
    )
    config = build_config(parse(["nef", "--config", str(toml), "--dnai", "z2=d2", "--ues", "8"]), 1)
    assert [s.dnai for s in config.sites] == ["d1", "d2"]
    assert (config.ues, config.move_every, config.clients) == (8, 2.0, {"op-2": "x"})
    with pytest.raises(ValueError, match="AF_ID:SECRET"):
        build_config(parse(["nef", "--client", "nosecret"]), 1)


async def run(*argv: str) -> int:
    return await asyncio.to_thread(main, list(argv))


async def test_admin_commands(
    servers: Servers, http: httpx.AsyncClient, capsys: pytest.CaptureFixture[str]
) -> None:
    nef = await start_nef(servers)
    client = await make_af(http, nef.url)
    assert await run("nef", "admin", "ues", "--nef", nef.url) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["ueId", "ipv4Addr", "gpsi", "cellId", "dnai", "zoneId"]
    assert table[1].split()[:2] == ["ue-1", "10.45.0.2"]

    assert (
        await run("nef", "admin", "move-ue", "--nef", nef.url, "--ue", "ue-1", "--dnai", "dnai-b")
        == 0
    )
    assert json.loads(capsys.readouterr().out)["dnai"] == "dnai-b"
    assert (await client.ue("ue-1"))["dnai"] == "dnai-b"

    session = {
        "ueIpv4Addr": "10.45.0.2",
        "flowInfo": [{"flowId": 1}],
        "qosReference": "QOS_E",
        "notificationDestination": "http://127.0.0.1:9/cb",
    }
    sub_id = (await client.post(QOS, session)).json()["self"].rsplit("/", 1)[1]
    assert await run("nef", "admin", "drop-qos", "--nef", nef.url, "--subscription", sub_id) == 0
    assert json.loads(capsys.readouterr().out) == {"subscriptions": [sub_id]}
    assert await run("nef", "admin", "subscriptions", "--nef", nef.url, "--json") == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["state"]["qos"] == "NOT_GUARANTEED"

    assert await run("nef", "admin", "down", "--nef", nef.url, "--seconds", "60") == 0
    assert json.loads(capsys.readouterr().out)["down"] is True
    assert (await client.get(QOS)).status_code == 503
    assert await run("nef", "admin", "up", "--nef", nef.url) == 0
    assert (await client.get(QOS)).status_code == 200

    assert (
        await run("nef", "admin", "move-ue", "--nef", nef.url, "--ue", "ue-9", "--dnai", "dnai-a")
        == 1
    )
    assert "HTTP 404" in capsys.readouterr().err
    assert await run("nef", "admin", "status", "--nef", "http://127.0.0.1:9") == 1
    assert "unreachable" in capsys.readouterr().err
