"""Where each interface is mounted on the OP's server: the one place its root path is spelt.

The route tables (``api/``), the interface table and every service that builds a URL of its own
(callback links, the MEO's notification target) read the roots from here.
"""

from __future__ import annotations

NBI = "/edge-application-management/v0.1alpha1"
EWBI = "/operatorplatform/federation/v1"
EWBI_CALLBACKS = "/operatorplatform/fedcallbacks/v1"
SBI_CR = "/sbi-cr/v1"
SBI_NR = "/sbi-nr/v1"
EDGE_EVENTS = "/sbi-edge/v1"  # where edge sites' Redfish gateways push their events
UNI = "/simple-edge-discovery/v2"
QOD = "/quality-on-demand/v1"
TRAFFIC_INFLUENCE = "/traffic-influence/v0.10"
ADMIN = "/admin"
UI = "/ui"  # the page that watches the federation (not an OpenAPI interface)

# Served at the server root.
OAUTH_TOKEN = "/oauth2/token"
OAUTH_REVOKE = "/oauth2/revoke"
JWKS = "/.well-known/jwks.json"

# Where a partner without the onboarding variant fetches a flow's package (standard mapping):
# {FLOW_PACKAGES}/{operationId}/content, with the bearer token given in fileRepoLocation.
FLOW_PACKAGES = "/flow-packages"

# Below SBI_CR: where the MEO sends its package events.
MEO_NOTIFICATIONS = SBI_CR + "/notifications"
# Below ADMIN: one flow operation.
OPERATIONS = ADMIN + "/operations/"


def _nef_receiver(kind: str) -> str:
    """Where the NEF posts one kind of notification: one URL per resource, signed
    (services/network/receipts)."""
    return f"{SBI_NR}/nef/{kind}/{{resourceId}}/{{token}}"


NEF_UP_PATH_CHANGE = _nef_receiver("up-path-change")
NEF_QOS_EVENTS = _nef_receiver("qos")
NEF_LOCATION_REPORTS = _nef_receiver("location")
