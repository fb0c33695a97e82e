"""The NEF's settings: its URL is checked by the outbound policy when the OP starts, the AF id
defaults to the operator id, the secret is never shown."""

from __future__ import annotations

import pytest

from op_platform.services.network.nef_target import nef_target
from op_platform.settings import ConfigError, Settings

BASE = {"operator_id": "op-x", "country_code": "ES"}


def test_nef_url_refused_by_the_outbound_policy_stops_the_start() -> None:
    settings = Settings.model_validate({**BASE, "nef_url": "https://10.1.2.3:9443"})
    with pytest.raises(ConfigError, match="nef_url is refused"):
        nef_target(settings)


def test_defaults_and_secret() -> None:
    settings = Settings.model_validate(
        {
            **BASE,
            "nef_url": "https://nef.example.net/",
            "nef": {"client_secret": "s3cret"},
            "outbound": {"allowed_hosts": ["nef.example.net"]},
        }
    )
    target = nef_target(settings)
    assert target is not None
    assert target.af_id == "op-x" and target.base_url == "https://nef.example.net"
    assert target.token_url == "https://nef.example.net/oauth2/token"
    assert "s3cret" not in repr(settings)
    assert nef_target(Settings.model_validate(BASE)) is None
