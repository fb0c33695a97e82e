"""MEO settings (one instance per app; no module-level instance)."""

from __future__ import annotations

from pydantic import BaseModel, Field, model_validator

from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.common.serving import base_url
from perimeter import Policy, UrlRefused, check_url
from perimeter.bodies import JSON_LIMIT
from perimeter.safejson import MAX_DEPTH


class MeoConfig(BaseModel):
    network_id: str = Field(min_length=1)
    """This MEO's operator network (GSMA OP id or PLMN, e.g. ``46001``)."""
    database: str = "meo.db"
    host: str = "127.0.0.1"
    port: int = 9001
    public_url: str | None = None
    """Base URL others use to reach this MEO (links, Location); default http://host:port."""
    op_url: str | None = None
    """The OP's SBI-CR root, e.g. ``http://127.0.0.1:8080/sbi-cr/v1``; forwards go below it."""
    mepm_url: str | None = None
    """MEPM base URL; the MEO subscribes ``{mepm_url}/notifications`` to all package events."""
    op_notify_url: str | None = None
    """Optional callback URL subscribed to all package events (e.g. the OP's SBI-CR sink)."""
    op_token_url: str | None = None
    """The OP's token endpoint: with ``op_client_id``/``op_client_secret`` the MEO calls the OP's
    SBI-CR (forwards, package events) with a bearer token of scope ``sbi-cr``."""
    op_client_id: str | None = None
    op_client_secret: str | None = Field(default=None, repr=False)
    fetch_timeout: float = 30.0
    max_package_bytes: int = 64 * 1024 * 1024
    """Limit of a fetched package and of an uploaded one (``PUT package_content``)."""
    max_json_bytes: int = JSON_LIMIT
    max_json_depth: int = MAX_DEPTH
    url_policy: Policy = Field(default_factory=Policy)
    """Where the MEO may fetch packages and send notifications (https and public addresses
    only by default; a lab on one machine allow-lists ``127.0.0.0/8``)."""
    allow_file_urls: bool = False
    """Accept ``file://`` package paths (read from this machine's disk): for labs only."""
    ca_file: str | None = None
    """CA bundle that https peers are verified with (default: the public CAs)."""
    upload_dir: str | None = None
    """Where uploads are spooled before they are stored (default: the system temp folder)."""
    outbox: OutboxConfig = Field(default_factory=OutboxConfig)
    job_retry_delay: float = 1.0

    model_config = {"arbitrary_types_allowed": True}

    @model_validator(mode="after")
    def _peers_allowed(self) -> MeoConfig:
        """The configured peers are called through the same policy: refuse them here."""
        for name in ("op_url", "mepm_url", "op_notify_url", "op_token_url"):
            url = getattr(self, name)
            if url:
                try:
                    check_url(url, self.url_policy, field=name)
                except UrlRefused as exc:
                    raise ValueError(f"{exc} (see --allow-http and --allow-network)") from None
        return self

    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port, self.public_url)
