"""Settings of the OP's perimeter: TLS on its listeners, TLS toward its peers, where it may
call, how much it reads, and how its secrets and its admin and metrics endpoints are guarded.

Part of :class:`op_platform.settings.Settings` (``listen``, ``tls_client``, ``outbound``,
``limits``, ``security``); kept apart so that the settings module stays readable.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from perimeter import Policy

MIB = 1024 * 1024


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ServerTls(Strict):
    """TLS of the listeners: the certificate presented and, with ``client_ca``, the CA whose
    client certificates are verified (asked for on the main listener, required on the partner
    listener)."""

    cert: Path
    key: Path
    client_ca: Path | None = None


class Listen(Strict):
    """Where the OP listens. ``partner_port``: a second listener for partner OPs, on which a
    client certificate from ``tls.client_ca`` is required at the handshake (mutual TLS)."""

    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)
    tls: ServerTls | None = None
    partner_port: int | None = Field(default=None, ge=0, le=65535)

    @model_validator(mode="after")
    def _partner_port_needs_client_ca(self) -> Listen:
        if self.partner_port is not None and (self.tls is None or self.tls.client_ca is None):
            raise ValueError("partner_port needs tls with client_ca (mutual TLS)")
        return self

    @property
    def is_loopback(self) -> bool:
        return self.host in ("127.0.0.1", "::1", "localhost")


class ClientTls(Strict):
    """TLS toward a peer: ``ca`` verifies it (default: the public CAs); ``cert`` and ``key`` are
    presented when it asks for a client certificate (mutual TLS)."""

    ca: Path | None = None
    cert: Path | None = None
    key: Path | None = None

    @model_validator(mode="after")
    def _cert_and_key(self) -> ClientTls:
        if (self.cert is None) != (self.key is None):
            raise ValueError("cert and key go together")
        return self


class Limits(Strict):
    """How much the OP reads from a caller. ``json_bytes``: a JSON body's limit, checked before
    it is read (``json_bytes_by_root`` overrides it per interface root); ``json_depth``: the
    deepest nesting accepted; ``federations_per_client``: active federation contexts one
    partner client may hold; ``sessions_per_client``: CAMARA sessions and subscriptions one app
    provider may hold."""

    json_bytes: int = Field(default=MIB, ge=1024)
    json_bytes_by_root: dict[str, int] = Field(default_factory=dict)
    json_depth: int = Field(default=32, ge=2, le=512)
    federations_per_client: int = Field(default=8, ge=1)
    sessions_per_client: int = Field(default=1000, ge=1)

    def json_limit(self, path: str) -> int:
        for root, limit in self.json_bytes_by_root.items():
            if path == root or path.startswith(root.rstrip("/") + "/"):
                return limit
        return self.json_bytes


class Security(Strict):
    """Tokens this OP issues, how its secrets are kept, and who may see its operations.

    Secrets at rest (signing keys, partners' callback secrets, sink tokens) are encrypted with
    ``key_passphrase`` or, without one, with a key kept in ``key_file`` (default
    ``<data_dir>/secrets.key``, made at first start, mode 0600; replicas must share it).
    ``bind_tokens`` binds a token to the client certificate it was requested with (RFC 8705);
    ``ewbi_client_cert`` requires a verified client certificate on the EWBI and its callbacks.
    ``behind_proxy``: the listener is reached through a proxy, so a loopback peer proves nothing
    (``/admin`` then needs ``admin_token``). ``metrics_token`` guards ``/metrics``.
    """

    token_ttl: int = Field(default=3600, ge=60, le=86400)
    key_passphrase: SecretStr | None = None
    key_file: Path | None = None
    bind_tokens: bool = True
    ewbi_client_cert: bool = False
    behind_proxy: bool = False
    metrics_token: SecretStr | None = None


def outbound_default() -> Policy:
    """https only, public addresses only: a lab on one machine allow-lists loopback."""
    return Policy()
