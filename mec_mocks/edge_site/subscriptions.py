"""Event subscriptions (Redfish ``EventDestination``): what a POST may carry, what it is stored
as, and which events it wants. Validation answers 400 naming the property, as Redfish says."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import (
    bad_format,
    bad_type,
    not_in_list,
    property_missing,
    property_unknown,
)
from mec_mocks.edge_site.model import Occurrence

EVENT_TYPES = ("Alert", "StatusChange", "ResourceUpdated", "ResourceAdded", "ResourceRemoved")
RETRY_POLICIES = ("TerminateAfterRetries", "RetryForever")
RESOURCE_TYPES = (
    "ComputerSystem",
    "Chassis",
    "Sensor",
    "Fan",
    "PowerSupply",
    "LeakDetector",
    "Manager",
    "EventService",
)
_STRING_LISTS = (
    "RegistryPrefixes",
    "ResourceTypes",
    "MessageIds",
    "EventTypes",
)
_KNOWN = {
    "Destination",
    "Protocol",
    "Context",
    "EventFormatType",
    "SubscriptionType",
    "DeliveryRetryPolicy",
    "OriginResources",
    "SubordinateResources",
    "VerifyCertificate",
    "HttpHeaders",
    "Name",
    *_STRING_LISTS,
}


def resource_type(uri: str) -> str:
    """The Redfish resource type an ``@odata.id`` of this service names."""
    parts = uri.rstrip("/").split("/")
    if "Sensors" in parts:
        return "Sensor"
    for segment, kind in (
        ("Fans", "Fan"),
        ("PowerSupplies", "PowerSupply"),
        ("LeakDetectors", "LeakDetector"),
    ):
        if segment in parts:
            return kind
    top = parts[3] if len(parts) > 3 else ""
    return {"Systems": "ComputerSystem", "Chassis": "Chassis", "Managers": "Manager"}.get(
        top, "EventService"
    )


@dataclass
class Subscription:
    id: str
    destination: str
    context: str = ""
    event_format: str = "Event"
    retry_policy: str = "TerminateAfterRetries"
    registry_prefixes: list[str] = field(default_factory=list)
    resource_types: list[str] = field(default_factory=list)
    message_ids: list[str] = field(default_factory=list)
    event_types: list[str] = field(default_factory=list)
    origins: list[str] = field(default_factory=list)
    subordinates: bool = False
    verify_certificate: bool = False
    headers: dict[str, str] = field(default_factory=dict)

    def wants(self, occ: Occurrence) -> bool:
        prefix, _, rest = occ.message_id.partition(".")
        key = rest.rsplit(".", 1)[-1]
        if self.registry_prefixes and prefix not in self.registry_prefixes:
            return False
        if self.message_ids and not any(
            m == occ.message_id or m in (f"{prefix}.{key}", key) for m in self.message_ids
        ):
            return False
        if self.event_types and occ.event_type not in self.event_types:
            return False
        if self.resource_types and resource_type(occ.origin) not in self.resource_types:
            return False
        return not self.origins or any(
            occ.origin == o or (self.subordinates and occ.origin.startswith(o.rstrip("/") + "/"))
            for o in self.origins
        )


def _strings(body: dict[str, Any], name: str, allowed: tuple[str, ...] | None) -> list[str]:
    value = body.get(name, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise bad_type(name, value)
    for v in value:
        if allowed is not None and v not in allowed:
            raise not_in_list(name, v)
    return list(value)


def _str(body: dict[str, Any], name: str, default: str, allowed: tuple[str, ...] = ()) -> str:
    value = body.get(name, default)
    if not isinstance(value, str):
        raise bad_type(name, value)
    if allowed and value not in allowed:
        raise not_in_list(name, value)
    return value


def parse(subscription_id: str, body: dict[str, Any]) -> Subscription:
    """A subscription from a POSTed ``EventDestination``; 400 naming the first bad property."""
    for name in body:
        if name not in _KNOWN and not name.startswith("@"):
            raise property_unknown(name)
    if "Destination" not in body:
        raise property_missing("Destination")
    destination = _str(body, "Destination", "")
    parts = urlsplit(destination)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_format("Destination", destination)
    _str(body, "Protocol", "Redfish", ("Redfish",))
    _str(body, "SubscriptionType", "RedfishEvent", ("RedfishEvent",))
    origins = body.get("OriginResources", [])
    if not isinstance(origins, list) or not all(
        isinstance(o, dict) and isinstance(o.get("@odata.id"), str) for o in origins
    ):
        raise bad_type("OriginResources", origins)
    headers = body.get("HttpHeaders", [])
    if not isinstance(headers, list) or not all(isinstance(h, dict) for h in headers):
        raise bad_type("HttpHeaders", headers)
    for flag in ("SubordinateResources", "VerifyCertificate"):
        if not isinstance(body.get(flag, False), bool):
            raise bad_type(flag, body[flag])
    return Subscription(
        id=subscription_id,
        destination=destination,
        context=_str(body, "Context", ""),
        event_format=_str(body, "EventFormatType", "Event", ("Event",)),
        retry_policy=_str(body, "DeliveryRetryPolicy", RETRY_POLICIES[0], RETRY_POLICIES),
        registry_prefixes=_strings(body, "RegistryPrefixes", r.PREFIXES),
        resource_types=_strings(body, "ResourceTypes", RESOURCE_TYPES),
        message_ids=_strings(body, "MessageIds", None),
        event_types=_strings(body, "EventTypes", EVENT_TYPES),
        origins=[o["@odata.id"] for o in origins],
        subordinates=bool(body.get("SubordinateResources", False)),
        verify_certificate=bool(body.get("VerifyCertificate", False)),
        headers={str(k): str(v) for h in headers for k, v in h.items()},
    )
