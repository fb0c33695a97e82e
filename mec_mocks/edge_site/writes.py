"""The PATCH-able properties of this service, per resource: each setter checks its value (400
naming the property) and applies it. Everything else a PATCH names is read-only (400
PropertyNotWritable) or unknown (400 PropertyUnknown)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mec_mocks.edge_site.errors import bad_type, not_in_list
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.subscriptions import RETRY_POLICIES

Setter = Callable[[Any], None]
Fields = Callable[[Gateway, Mapping[str, str]], dict[str, Setter]]


def _string(name: str, value: Any, max_len: int = 255) -> str:
    if not isinstance(value, str) or len(value) > max_len:
        raise bad_type(name, value)
    return value


def _bool(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise bad_type(name, value)
    return value


def _int(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad_type(name, value)
    if not low <= value <= high:
        raise not_in_list(name, value)
    return value


def system_fields(gw: Gateway, match: Mapping[str, str]) -> dict[str, Setter]:
    node = gw.node(match["system"])

    def asset_tag(v: Any) -> None:
        node.asset_tag = _string("AssetTag", v)

    def indicator(v: Any) -> None:
        node.indicator_active = _bool("LocationIndicatorActive", v)

    return {"AssetTag": asset_tag, "LocationIndicatorActive": indicator}


def session_service_fields(gw: Gateway, match: Mapping[str, str]) -> dict[str, Setter]:
    def timeout(v: Any) -> None:
        gw.sessions.timeout = _int("SessionTimeout", v, 30, 86400)

    return {"SessionTimeout": timeout}


def event_service_fields(gw: Gateway, match: Mapping[str, str]) -> dict[str, Setter]:
    events = gw.events

    def enabled(v: Any) -> None:
        events.enabled = _bool("ServiceEnabled", v)

    def attempts(v: Any) -> None:
        events.retry.attempts = _int("DeliveryRetryAttempts", v, 0, 100)

    def interval(v: Any) -> None:
        events.retry.interval = _int("DeliveryRetryIntervalSeconds", v, 0, 3600)

    return {
        "ServiceEnabled": enabled,
        "DeliveryRetryAttempts": attempts,
        "DeliveryRetryIntervalSeconds": interval,
    }


def subscription_fields(gw: Gateway, match: Mapping[str, str]) -> dict[str, Setter]:
    sub = gw.events.get(match["subscription"])

    def context(v: Any) -> None:
        sub.context = _string("Context", v)

    def policy(v: Any) -> None:
        value = _string("DeliveryRetryPolicy", v)
        if value not in RETRY_POLICIES:
            raise not_in_list("DeliveryRetryPolicy", value)
        sub.retry_policy = value

    return {"Context": context, "DeliveryRetryPolicy": policy}
