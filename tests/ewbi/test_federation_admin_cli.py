"""Federations with partners through the admin API and the ``op-platform federation`` CLI."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from op_platform.cli import main
from tests.conftest import OpFactory
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import settings_toml, start_pair

ADMIN = "admin.yaml"


async def test_admin_federation_lifecycle(start_ops: OpFactory, http: httpx.AsyncClient) -> None:
    ops = await start_pair(start_ops)
    a = ops["op-a"]
    base = a.url + "/admin/federations"

    created = await http.post(base, json={"partnerId": "op-b", "subscribeZones": True})
    assert created.status_code == 201, created.text
    assert_conforms(created, "createFederation", ADMIN)
    record = created.json()
    assert record["partner_id"] == "op-b"
    assert record["subscribed_zones"] == ["zone-b1", "zone-b2"]
    ctx = record["federation_context_id"]

    again = await http.post(base, json={"partnerId": "op-b"})
    assert again.status_code == 409
    unknown = await http.post(base, json={"partnerId": "op-zz"})
    assert unknown.status_code == 404
    assert_conforms(unknown, "createFederation", ADMIN)
    invalid = await http.post(base, json={"partner": "op-b"})
    assert invalid.status_code == 400

    listed = await http.get(base)
    assert_conforms(listed, "listFederations", ADMIN)
    assert [r["federation_context_id"] for r in listed.json()] == [ctx]
    assert (await http.get(base, params={"partnerId": "op-x"})).json() == []
    for ref in (record["id"], ctx, "op-b"):
        shown = await http.get(f"{base}/{ref}")
        assert shown.status_code == 200
        assert_conforms(shown, "getFederation", ADMIN)
        assert shown.json()["reported"] == []
    zones = await http.post(f"{base}/{ctx}/zones")
    assert zones.status_code == 200
    assert_conforms(zones, "subscribeFederationZones", ADMIN)

    deleted = await http.delete(f"{base}/{ctx}")
    assert deleted.status_code == 204
    assert_conforms(deleted, "deleteFederation", ADMIN)
    gone = await http.get(f"{base}/{ctx}")
    assert gone.status_code == 404
    assert_conforms(gone, "getFederation", ADMIN)


def run_cli(*argv: str) -> int:
    return main(list(argv))


async def test_cli_create_list_show_delete(
    start_ops: OpFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ops = await start_pair(start_ops)
    a = ops["op-a"]
    assert a.settings is not None
    config = tmp_path / "op-a.toml"
    config.write_text(settings_toml(a.settings))

    code = await asyncio.to_thread(
        run_cli, "federation", "create", "-c", str(config), "--partner", "op-b"
    )
    out = capsys.readouterr().out
    assert code == 0, out
    record = json.loads(out)
    assert record["status"] == "AVAILABLE"
    assert record["subscribed_zones"] == ["zone-b1", "zone-b2"]

    assert await asyncio.to_thread(run_cli, "federation", "list", "-c", str(config)) == 0
    listing = capsys.readouterr().out
    assert record["id"] in listing and "op-b" in listing

    assert (
        await asyncio.to_thread(run_cli, "federation", "show", "-c", str(config), record["id"]) == 0
    )
    shown = json.loads(capsys.readouterr().out)
    assert shown["federation_context_id"] == record["federation_context_id"]

    again = await asyncio.to_thread(
        run_cli, "federation", "create", "-c", str(config), "--partner", "op-b"
    )
    assert again == 1
    assert "delete it first" in capsys.readouterr().err

    assert await asyncio.to_thread(run_cli, "federation", "delete", "-c", str(config), "op-b") == 0
    capsys.readouterr()
    assert await asyncio.to_thread(run_cli, "federation", "show", "-c", str(config), "op-b") == 1
    assert "no federation" in capsys.readouterr().err


async def test_cli_create_with_partner_down_fails_clearly(
    start_ops: OpFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ops = await start_pair(start_ops)
    await ops["op-b"].stop()
    a = ops["op-a"]
    assert a.settings is not None
    config = tmp_path / "op-a.toml"
    config.write_text(settings_toml(a.settings))
    code = await asyncio.to_thread(
        run_cli, "federation", "create", "-c", str(config), "--partner", "op-b"
    )
    assert code == 1
    assert "unreachable" in capsys.readouterr().err
    assert await asyncio.to_thread(run_cli, "federation", "list", "-c", str(config), "--json") == 0
    assert json.loads(capsys.readouterr().out) == []
