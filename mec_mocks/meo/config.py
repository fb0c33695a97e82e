"""MEO settings (one instance per app; no module-level instance)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from mec_mocks.common.outbox import OutboxConfig
from mec_mocks.common.serving import url_host


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
    fetch_timeout: float = 30.0
    max_package_bytes: int = 64 * 1024 * 1024
    allow_file_urls: bool = True
    outbox: OutboxConfig = Field(default_factory=OutboxConfig)
    job_retry_delay: float = 1.0

    model_config = {"arbitrary_types_allowed": True}

    @property
    def base_url(self) -> str:
        if self.public_url:
            return self.public_url.rstrip("/")
        return f"http://{url_host(self.host)}:{self.port}"
