"""Settings of the edge sites behind the OP's zones (one ``EdgeSite`` per zone that has one) and
of watching them (``EdgeSettings``). Re-exported by :mod:`op_platform.settings`."""

from __future__ import annotations

from pathlib import Path

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, SecretStr, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EdgeSite(_Strict):
    """The edge site behind a zone: its Redfish gateway (HTTPS; DMTF's client logs in only over
    TLS), the account the OP logs in with, and the CA that signed the gateway's certificate.
    ``events``: subscribe to the gateway's EventService (the OP serves the receiver); polling
    runs every ``poll_interval`` seconds either way, to reconcile and as fallback."""

    url: AnyHttpUrl
    username: str = Field(default="admin", min_length=1)
    password: SecretStr
    ca_file: Path | None = None
    events: bool = True
    poll_interval: float = Field(default=30.0, gt=0)

    @field_validator("url")
    @classmethod
    def _https(cls, value: AnyHttpUrl) -> AnyHttpUrl:
        if value.scheme != "https":
            raise ValueError("must be an https URL (Redfish sessions need TLS)")
        return value


class EdgeSettings(_Strict):
    """Watching the zones' edge sites: a node whose temperature or power draw, on its recent
    trend (the last ``trend_samples`` readings), would cross its limit within
    ``prediction_horizon`` seconds is predicted to fail; its zone is degraded and its instances
    move. ``timeout``: seconds for one Redfish call; ``requests_per_site``: how many calls may be
    in flight to one gateway. ``receiver_base_url``: where gateways push events (default: the
    OP's ``base_url``)."""

    prediction_horizon: float = Field(default=600.0, gt=0)
    trend_samples: int = Field(default=6, ge=2, le=100)
    timeout: float = Field(default=10.0, gt=0)
    requests_per_site: int = Field(default=8, ge=1, le=64)
    receiver_base_url: AnyHttpUrl | None = None
