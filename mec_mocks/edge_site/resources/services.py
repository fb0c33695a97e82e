"""SessionService, AccountService (the one lab account and its roles) and EventService with its
subscriptions (EventDestination)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from mec_mocks.edge_site import paths
from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import NotFound
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.resources.common import (
    Resource,
    collection,
    head,
    link,
    resource,
    singleton,
    status,
)
from mec_mocks.edge_site.sessions import Session
from mec_mocks.edge_site.subscriptions import RESOURCE_TYPES, Subscription

ROLES = {
    "Administrator": [
        "Login",
        "ConfigureManager",
        "ConfigureUsers",
        "ConfigureSelf",
        "ConfigureComponents",
    ],
    "Operator": ["Login", "ConfigureSelf", "ConfigureComponents"],
    "ReadOnly": ["Login", "ConfigureSelf"],
}
ACCOUNT_ID = "1"


def session_service(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return singleton(
        "SessionService",
        paths.SESSION_SERVICE,
        "Session service",
        {
            "ServiceEnabled": True,
            "SessionTimeout": gw.sessions.timeout,
            "Status": status("OK", "Enabled"),
            "Sessions": link(paths.SESSIONS),
        },
    )


def sessions(gw: Gateway, match: Mapping[str, str]) -> Resource:
    uris = (paths.session(s.id) for s in gw.sessions.all())
    return collection("Session", paths.SESSIONS, "Sessions", uris)


def session_body(s: Session) -> Resource:
    body = head("Session", paths.session(s.id), s.id, f"Session {s.id}")
    body["UserName"] = s.user
    body["SessionType"] = "Redfish"
    body["CreatedTime"] = datetime.fromtimestamp(s.created, UTC).isoformat()
    return body


def session(gw: Gateway, match: Mapping[str, str]) -> Resource:
    found = gw.sessions.get(match["session"])
    if found is None:
        raise NotFound(args=(paths.session(match["session"]),))
    return session_body(found)


def account_service(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return singleton(
        "AccountService",
        paths.ACCOUNT_SERVICE,
        "Account service",
        {
            "ServiceEnabled": True,
            "Status": status("OK", "Enabled"),
            "Accounts": link(paths.ACCOUNTS),
            "Roles": link(paths.ROLES),
        },
    )


def accounts(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return collection(
        "ManagerAccount", paths.ACCOUNTS, "Accounts", [f"{paths.ACCOUNTS}/{ACCOUNT_ID}"]
    )


def account(gw: Gateway, match: Mapping[str, str]) -> Resource:
    uri = f"{paths.ACCOUNTS}/{match['account']}"
    if match["account"] != ACCOUNT_ID:
        raise NotFound(args=(uri,))
    return resource(
        "ManagerAccount",
        uri,
        ACCOUNT_ID,
        "Lab account",
        {
            "UserName": gw.sessions.user,
            "RoleId": "Administrator",
            "Enabled": True,
            "Locked": False,
            "AccountTypes": ["Redfish"],
            "Password": None,
            "Links": {"Role": link(f"{paths.ROLES}/Administrator")},
        },
    )


def roles(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return collection("Role", paths.ROLES, "Roles", (f"{paths.ROLES}/{n}" for n in ROLES))


def role(gw: Gateway, match: Mapping[str, str]) -> Resource:
    rid = match["role"]
    if rid not in ROLES:
        raise NotFound(args=(f"{paths.ROLES}/{rid}",))
    body = head("Role", f"{paths.ROLES}/{rid}", rid, f"{rid} role")
    body.update({"RoleId": rid, "IsPredefined": True, "AssignedPrivileges": ROLES[rid]})
    return body


def event_service(gw: Gateway, match: Mapping[str, str]) -> Resource:
    events = gw.events
    return singleton(
        "EventService",
        paths.EVENT_SERVICE,
        "Event service",
        {
            "ServiceEnabled": events.enabled,
            "Status": status("OK", "Enabled" if events.enabled else "Disabled"),
            "DeliveryRetryAttempts": events.retry.attempts,
            "DeliveryRetryIntervalSeconds": round(events.retry.interval),
            "EventFormatTypes": ["Event"],
            "RegistryPrefixes": list(r.PREFIXES),
            "ResourceTypes": list(RESOURCE_TYPES),
            "SubordinateResourcesSupported": True,
            "Subscriptions": link(paths.SUBSCRIPTIONS),
            "Actions": {
                "#EventService.SubmitTestEvent": {"target": paths.SUBMIT_TEST_EVENT},
            },
        },
    )


def subscriptions(gw: Gateway, match: Mapping[str, str]) -> Resource:
    uris = (paths.subscription(s.id) for s in gw.events.subscriptions())
    return collection("EventDestination", paths.SUBSCRIPTIONS, "Event subscriptions", uris)


def subscription_body(sub: Subscription) -> Resource:
    body = head("EventDestination", paths.subscription(sub.id), sub.id, f"Subscription {sub.id}")
    body.update(
        {
            "Destination": sub.destination,
            "Context": sub.context,
            "Protocol": "Redfish",
            "SubscriptionType": "RedfishEvent",
            "EventFormatType": sub.event_format,
            "DeliveryRetryPolicy": sub.retry_policy,
            "RegistryPrefixes": sub.registry_prefixes,
            "ResourceTypes": sub.resource_types,
            "MessageIds": sub.message_ids,
            "OriginResources": [link(o) for o in sub.origins],
            "SubordinateResources": sub.subordinates,
            "VerifyCertificate": sub.verify_certificate,
            "HttpHeaders": [],
            "Status": status("OK", "Enabled"),
        }
    )
    if sub.event_types:
        body["EventTypes"] = sub.event_types
    return body


def subscription(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return subscription_body(gw.events.get(match["subscription"]))
