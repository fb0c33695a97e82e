"""op-platform clients add/list/remove and keys rotate/list."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
import pytest

from op_platform.cli import main
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.servers import RunningOp
from tests.security.data import CLIENTS, PROTECTED


@pytest.fixture
def config(tmp_path: Path, database_url: str) -> str:
    path = tmp_path / "op.toml"
    path.write_text(
        f'operator_id = "op-cli"\ncountry_code = "ES"\ndatabase_url = "{database_url}"\n'
    )
    return str(path)


def test_clients_add_list_remove(
    config: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIVEN_SECRET", "given")
    assert main(["clients", "add", "--config", config, "--client-id", "op-x"]) == 0
    out = capsys.readouterr().out
    secret = next(line.split(": ", 1)[1] for line in out.splitlines() if "client_secret" in line)
    assert len(secret) >= 32
    assert (
        main(
            [
                "clients",
                "add",
                "--config",
                config,
                "--client-id",
                "isv-1",
                "--secret-env",
                "GIVEN_SECRET",
                "--kind",
                "app-provider",
                "--scope",
                "edge-application-management:apps:write",
                "--scope",
                "edge-application-management:apps:read",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "given" not in out
    assert main(["clients", "list", "--config", config]) == 0
    listing = capsys.readouterr().out
    assert "op-x\tpartner\tadmin\tfed-mgmt" in listing
    assert "isv-1\tapp-provider\tadmin\tedge-application-management:apps:read" in listing
    assert secret not in listing
    assert main(["clients", "add", "--config", config, "--client-id", "op-x"]) == 1
    assert "already registered" in capsys.readouterr().err
    assert main(["clients", "remove", "--config", config, "--client-id", "op-x"]) == 0
    assert main(["clients", "remove", "--config", config, "--client-id", "op-x"]) == 1
    assert main(["clients", "list", "--config", config]) == 0
    assert "op-x\t" not in capsys.readouterr().out


def test_clients_add_rejects_bad_input(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clients", "add", "--config", config, "--client-id", "a:b"]) == 1
    assert "client_id" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["clients", "add", "--config", config, "--client-id", "x", "--kind", "robot"])


def test_keys_rotate_and_list(config: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["keys", "rotate", "--config", config]) == 0
    first = capsys.readouterr().out.split()[3].rstrip(";")
    assert main(["keys", "rotate", "--config", config]) == 0
    second = capsys.readouterr().out.split()[3].rstrip(";")
    assert main(["keys", "list", "--config", config]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    states = {row[0]: row[3] for row in rows}
    assert states[second] == "signing"
    assert states[first].startswith("retires ")


async def test_client_added_by_command_gets_tokens(
    start_ops: object, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    op: RunningOp = await start_ops("op-cmd", clients=CLIENTS)  # type: ignore[operator]
    assert op.settings is not None
    path = tmp_path / "cmd.toml"
    path.write_text(
        f'operator_id = "op-cmd"\ncountry_code = "ES"\n'
        f'database_url = "{op.settings.database_url}"\n'
        '[[clients]]\nclient_id = "op-b"\nclient_secret = "op-b-secret-value"\n'
    )
    import asyncio

    os.environ["Z_CLIENT_SECRET"] = "zz"
    try:
        code = await asyncio.to_thread(
            main,
            [
                "clients",
                "add",
                "--config",
                str(path),
                "--client-id",
                "op-z",
                "--secret-env",
                "Z_CLIENT_SECRET",
            ],
        )
    finally:
        del os.environ["Z_CLIENT_SECRET"]
    assert code == 0
    token = await fetch_token(http, op.url, "op-z", "zz")
    response = await http.get(op.url + PROTECTED, headers=bearer(token))
    assert response.status_code not in (401, 403)


def test_secret_is_read_from_stdin_not_the_command_line(
    config: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """No --secret option (ps would show it): stdin or an environment variable."""
    import io

    with pytest.raises(SystemExit):
        main(["clients", "add", "--config", config, "--client-id", "x", "--secret", "visible"])
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin-secret\n"))
    assert (
        main(["clients", "add", "--config", config, "--client-id", "op-s", "--secret-stdin"]) == 0
    )
    assert "client_secret" not in capsys.readouterr().out  # given, so not printed
