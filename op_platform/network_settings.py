"""Settings of the OP as an AF of its operator's NEF (SBI-NR): who it is at the NEF, how it gets
a token there, and how edge instances are steered.

Part of :class:`op_platform.settings.Settings` (``nef``, beside ``nef_url``); kept apart so that
the settings module stays readable. The client secret is a ``SecretStr``: never logged, never
stored (the token provider holds it in memory only), set from the file or ``OP_NEF__CLIENT_SECRET``.
"""

from __future__ import annotations

from ipaddress import IPv4Network

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, SecretStr


class NefSettings(BaseModel):
    """``af_id``: this OP's client id at the NEF and the ``{afId}``/``{scsAsId}`` of its paths
    (default: the operator id); ``client_secret`` and ``token_url`` (default: the NEF's
    ``/oauth2/token``) for OAuth2 client credentials; ``steering``: keep one traffic influence
    subscription and one EAS deployment per READY instance on this OP's zones, checked every
    ``sync_interval`` seconds; ``eas_network``: the network edge instances get their (simulated)
    addresses from; ``dnn``: the data network named in requests, when the network needs one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    af_id: str | None = Field(default=None, min_length=1, max_length=128)
    client_secret: SecretStr | None = None
    token_url: AnyHttpUrl | None = None
    scope: str = "nef"
    steering: bool = True
    sync_interval: float = Field(default=1.0, gt=0)
    eas_network: IPv4Network = IPv4Network("100.64.0.0/10")
    dnn: str | None = Field(default=None, min_length=1, max_length=128)
