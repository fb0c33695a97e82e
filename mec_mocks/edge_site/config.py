"""Edge site settings (one instance per app; no module-level instance)."""

from __future__ import annotations

from pydantic import BaseModel, Field, field_validator

from mec_mocks.common.serving import base_url
from mec_mocks.edge_site.profiles import PROFILES, Profile, sized


class NodeSizing(BaseModel):
    """Overrides of the profile's node size (None keeps the profile's figure)."""

    sockets: int | None = Field(default=None, ge=1, le=8)
    cores_per_socket: int | None = Field(default=None, ge=1, le=256)
    memory_gib: int | None = Field(default=None, ge=1, le=8192)
    accelerators: int | None = Field(default=None, ge=0, le=16)
    storage_gb: int | None = Field(default=None, ge=1, le=1_000_000)


class EdgeSiteConfig(BaseModel):
    site_id: str = Field(default="site-1", min_length=1, pattern=r"^[A-Za-z0-9._-]+$")
    profile: str = "outdoor"
    nodes: int = Field(default=4, ge=1, le=256)
    sizing: NodeSizing = Field(default_factory=NodeSizing)
    host: str = "127.0.0.1"
    port: int = 8443
    user: str = Field(default="admin", min_length=1, pattern=r"^[^:]+$")
    password: str = "admin"
    tls: bool = True
    """HTTPS (the default). The certificate and key are ``cert_file``/``key_file``."""
    cert_file: str | None = None
    key_file: str | None = None
    time_scale: float = Field(default=1.0, ge=0.0)
    """Simulated seconds per real second (0 = time moves only through the admin API)."""
    tick_interval: float = Field(default=0.5, gt=0.0)
    seed: int | None = None
    ambient_c: float | None = None
    """Start ambient; default the profile's."""
    session_timeout: int = Field(default=1800, ge=30, le=86400)
    event_retry_attempts: int = Field(default=3, ge=0)
    event_retry_interval: float = Field(default=5.0, ge=0.0)
    event_timeout: float = Field(default=5.0, gt=0.0)

    @field_validator("profile")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in PROFILES:
            raise ValueError(f"unknown profile {value!r}; use one of {', '.join(PROFILES)}")
        return value

    def site_profile(self) -> Profile:
        return sized(PROFILES[self.profile], **self.sizing.model_dump())

    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port, scheme="https" if self.tls else "http")
