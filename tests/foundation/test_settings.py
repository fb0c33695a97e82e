from pathlib import Path

import pytest

from op_platform.cli import main
from op_platform.settings import ConfigError, load_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("name", ["op-a.toml", "op-b.toml"])
def test_examples_load(name: str) -> None:
    settings = load_settings(EXAMPLES / name, environ={})
    assert settings.zones and settings.partners and settings.clients
    assert settings.partners[0].client_secret.get_secret_value() != ""
    assert settings.operator_id in settings.network_ids


def test_two_examples_are_each_others_partner() -> None:
    a = load_settings(EXAMPLES / "op-a.toml", environ={})
    b = load_settings(EXAMPLES / "op-b.toml", environ={})
    assert a.partners[0].id == b.operator_id and b.partners[0].id == a.operator_id
    assert a.partners[0].client_id == b.clients[0].client_id
    assert b.partners[0].client_id == a.clients[0].client_id
    assert str(a.partners[0].token_url).startswith(b.base_url)


def test_environment_overrides_file() -> None:
    settings = load_settings(
        EXAMPLES / "op-a.toml",
        environ={
            "OP_LISTEN__PORT": "9999",
            "OP_DATABASE_URL": "sqlite+aiosqlite:///other.db",
            "OP_MOBILE_NETWORK_IDS": '["21407"]',
            "OP_ADMIN_TOKEN": "12345",
            "UNRELATED": "x",
        },
    )
    assert settings.listen.port == 9999
    assert settings.database_url == "sqlite+aiosqlite:///other.db"
    assert settings.mobile_network_ids == ["21407"]
    assert settings.admin_token is not None and settings.admin_token.get_secret_value() == "12345"
    assert settings.listen.host == "127.0.0.1"


def test_invalid_field_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('operator_id = "op-x"\ncountry_code = "spain"\n[listen]\nport = 70000\n')
    with pytest.raises(ConfigError) as info:
        load_settings(path, environ={})
    message = str(info.value)
    assert "country_code" in message and "listen.port" in message and str(path) in message


def test_unknown_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('operator_id = "op-x"\ncountry_code = "ES"\nlisten_port = 1\n')
    with pytest.raises(ConfigError, match="listen_port"):
        load_settings(path, environ={})


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "none.toml", environ={})
    broken = tmp_path / "broken.toml"
    broken.write_text("operator_id = \n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(broken, environ={})


def test_database_driver_is_checked() -> None:
    with pytest.raises(ConfigError, match="database_url"):
        load_settings(EXAMPLES / "op-a.toml", environ={"OP_DATABASE_URL": "mysql://localhost/x"})


def test_duplicate_zone_ids_refused(tmp_path: Path) -> None:
    zone = '[[zones]]\nzone_id = "z1"\ngeography_details = "x"\nlatitude = 1\nlongitude = 1\n'
    path = tmp_path / "dup.toml"
    path.write_text('operator_id = "op-x"\ncountry_code = "ES"\n' + zone + zone)
    with pytest.raises(ConfigError, match="zones"):
        load_settings(path, environ={})


def test_cli_reports_bad_config(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('operator_id = "op x"\ncountry_code = "ES"\n')
    assert main(["serve", "--config", str(path)]) == 2
    assert "operator_id" in capsys.readouterr().err
