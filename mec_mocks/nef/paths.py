"""NEF mock paths: the route table and the self links are built from these templates.

Templates use aiohttp's ``{name}`` placeholders with the parameter names of the 3GPP files
(TS 29.522 Traffic Influence and EAS Deployment, TS 29.122 AS Session with QoS and Monitoring
Event). The OP's client keeps its own copy (mec_mocks imports nothing from op_platform); a test
checks both against openapi/nef.yaml.
"""

from __future__ import annotations

from urllib.parse import quote

TOKEN = "/oauth2/token"
HEALTH = "/healthz"

TRAFFIC_INFLUENCE_ROOT = "/3gpp-traffic-influence/v1"
TRAFFIC_INFLUENCE_SUBS = TRAFFIC_INFLUENCE_ROOT + "/{afId}/subscriptions"
TRAFFIC_INFLUENCE_SUB = TRAFFIC_INFLUENCE_SUBS + "/{subscriptionId}"

AS_SESSION_ROOT = "/3gpp-as-session-with-qos/v1"
AS_SESSION_SUBS = AS_SESSION_ROOT + "/{scsAsId}/subscriptions"
AS_SESSION_SUB = AS_SESSION_SUBS + "/{subscriptionId}"

EAS_DEPLOYMENT_ROOT = "/3gpp-eas-deployment/v1"
EAS_DEPLOYMENTS = EAS_DEPLOYMENT_ROOT + "/{afId}/eas-deployment-info"
EAS_DEPLOYMENT = EAS_DEPLOYMENTS + "/{easDeployInfoId}"
EAS_REMOVE = EAS_DEPLOYMENT_ROOT + "/remove-edis"

MONITORING_ROOT = "/3gpp-monitoring-event/v1"
MONITORING_SUBS = MONITORING_ROOT + "/{scsAsId}/subscriptions"
MONITORING_SUB = MONITORING_SUBS + "/{subscriptionId}"

API_ROOTS = (TRAFFIC_INFLUENCE_ROOT, AS_SESSION_ROOT, EAS_DEPLOYMENT_ROOT, MONITORING_ROOT)
OWNER_PARAMS = ("afId", "scsAsId")

ADMIN = "/admin"
ADMIN_STATUS = ADMIN + "/status"
ADMIN_DOWN = ADMIN + "/down"
ADMIN_UP = ADMIN + "/up"
ADMIN_SITES = ADMIN + "/sites"
ADMIN_CELLS = ADMIN + "/cells"
ADMIN_UES = ADMIN + "/ues"
ADMIN_UE = ADMIN_UES + "/{ueId}"
ADMIN_UE_MOVE = ADMIN_UE + "/move"
ADMIN_SUBSCRIPTIONS = ADMIN + "/subscriptions"
ADMIN_QOS_DROP = ADMIN + "/qos/drop"
ADMIN_QOS_RESTORE = ADMIN + "/qos/restore"
ADMIN_QOS_RELEASE = ADMIN + "/qos/release"
ADMIN_NOTIFICATIONS = ADMIN + "/notifications"


def fill(template: str, **values: str) -> str:
    """The template with every ``{name}`` replaced by its URL-quoted value (one path segment)."""
    return template.format(**{k: quote(v, safe="") for k, v in values.items()})


def url(base: str, template: str, **values: str) -> str:
    return base.rstrip("/") + fill(template, **values)


def is_api(path: str) -> bool:
    """True for the 3GPP northbound APIs (token endpoint, admin and health excluded)."""
    return any(path == root or path.startswith(root + "/") for root in API_ROOTS)
