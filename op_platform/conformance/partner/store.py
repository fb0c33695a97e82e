"""What the partner keeps, in memory: federation contexts and everything made inside them."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

ZONES = (
    {
        "zoneId": "kit-zone-1",
        "geolocation": "48.8566,2.3522",
        "geographyDetails": "Conformance zone 1",
    },
    {
        "zoneId": "kit-zone-2",
        "geolocation": "45.7640,4.8357",
        "geographyDetails": "Conformance zone 2",
    },
)
FLAVOUR = "kit-flavour-small"


def new_id(prefix: str) -> str:
    """An identifier matching the contract's instance and pool patterns."""
    return f"{prefix}_{secrets.token_hex(6)}"


@dataclass
class Federation:
    context_id: str
    client_id: str
    request: dict[str, Any]
    mobile: dict[str, Any] | None = None
    fixed: list[str] | None = None
    subscriptions: dict[str, str] = field(default_factory=dict)  # zone -> notification link
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    artefacts: dict[str, dict[str, Any]] = field(default_factory=dict)
    apps: dict[str, dict[str, Any]] = field(default_factory=dict)
    app_zones: dict[str, dict[str, str]] = field(default_factory=dict)  # app -> zone -> state
    instances: dict[str, dict[str, Any]] = field(default_factory=dict)
    pools: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def notification_link(self) -> str | None:
        link = self.request.get("federationNotificationDest") or self.request.get(
            "partnerStatusLink"
        )
        return str(link) if link else None

    @property
    def credentials(self) -> dict[str, str] | None:
        creds = self.request.get("partnerCallbackCredentials")
        return creds if isinstance(creds, dict) else None


@dataclass
class Store:
    federations: dict[str, Federation] = field(default_factory=dict)

    def create(self, client_id: str, request: dict[str, Any]) -> Federation:
        fed = Federation(str(uuid.uuid4()), client_id, request)
        fed.mobile = request.get("origOPMobileNetworkCodes")
        fed.fixed = request.get("origOPFixedNetworkCodes")
        self.federations[fed.context_id] = fed
        return fed

    def by_origin(self, client_id: str, orig_id: object) -> Federation | None:
        return next(
            (f for f in self.federations.values()
             if f.client_id == client_id and f.request.get("origOPFederationId") == orig_id),
            None,
        )  # fmt: skip
