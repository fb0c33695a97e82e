"""Settings of the OP as an AF of its operator's NEF (SBI-NR): who it is at the NEF, how it gets
a token there, and how edge instances are steered.

Part of :class:`op_platform.settings.Settings` (``nef``, beside ``nef_url``); kept apart so that
the settings module stays readable. The client secret is a ``SecretStr``: never logged, never
stored (the token provider holds it in memory only), set from the file or ``OP_NEF__CLIENT_SECRET``.
"""

from __future__ import annotations

from ipaddress import IPv4Network
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, SecretStr


class QosProfile(BaseModel):
    """A CAMARA QoS profile this OP offers: the NEF's pre-defined QoS reference it maps to and
    the durations a session may have (seconds)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    qos_reference: str = Field(min_length=1, max_length=256)
    min_duration: int = Field(default=1, ge=1)
    max_duration: int = Field(default=86400, ge=1)
    status: Literal["ACTIVE", "INACTIVE", "DEPRECATED"] = "ACTIVE"


def _default_profiles() -> dict[str, QosProfile]:
    return {name: QosProfile(qos_reference=name) for name in ("QOS_E", "QOS_S", "QOS_M", "QOS_L")}


class NefSettings(BaseModel):
    """``af_id``: this OP's client id at the NEF and the ``{afId}``/``{scsAsId}`` of its paths
    (default: the operator id); ``client_secret`` and ``token_url`` (default: the NEF's
    ``/oauth2/token``) for OAuth2 client credentials; ``steering``: keep one traffic influence
    subscription and one EAS deployment per READY instance on this OP's zones, checked every
    ``sync_interval`` seconds; ``eas_network``: the network edge instances get their (simulated)
    addresses from; ``dnn``: the data network named in requests, when the network needs one;
    ``qos_profiles``: the CAMARA QoS profiles of Quality-on-Demand, by name; QoD sessions whose
    duration is over are looked for every ``session_check_interval`` seconds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    af_id: str | None = Field(default=None, min_length=1, max_length=128)
    client_secret: SecretStr | None = None
    token_url: AnyHttpUrl | None = None
    scope: str = "nef"
    steering: bool = True
    sync_interval: float = Field(default=2.0, gt=0)
    eas_network: IPv4Network = IPv4Network("100.64.0.0/10")
    dnn: str | None = Field(default=None, min_length=1, max_length=128)
    qos_profiles: dict[str, QosProfile] = Field(default_factory=_default_profiles)
    session_check_interval: float = Field(default=2.0, gt=0)
