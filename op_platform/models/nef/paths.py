"""NEF northbound paths as the OP's client calls them.

The templates use aiohttp's ``{name}`` placeholders with the parameter names of the 3GPP files;
:func:`url` fills them in, URL-quoting every value as one path segment. The NEF mock keeps its
own copy (``mec_mocks/nef/paths.py``; neither package imports the other); a test checks both
against openapi/nef.yaml.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlencode, urlsplit

TOKEN = "/oauth2/token"

TRAFFIC_INFLUENCE_SUBS = "/3gpp-traffic-influence/v1/{afId}/subscriptions"
TRAFFIC_INFLUENCE_SUB = TRAFFIC_INFLUENCE_SUBS + "/{subscriptionId}"

AS_SESSION_SUBS = "/3gpp-as-session-with-qos/v1/{scsAsId}/subscriptions"
AS_SESSION_SUB = AS_SESSION_SUBS + "/{subscriptionId}"

EAS_DEPLOYMENTS = "/3gpp-eas-deployment/v1/{afId}/eas-deployment-info"
EAS_DEPLOYMENT = EAS_DEPLOYMENTS + "/{easDeployInfoId}"
EAS_REMOVE = "/3gpp-eas-deployment/v1/remove-edis"

MONITORING_SUBS = "/3gpp-monitoring-event/v1/{scsAsId}/subscriptions"
MONITORING_SUB = MONITORING_SUBS + "/{subscriptionId}"

ALL = (
    TOKEN,
    TRAFFIC_INFLUENCE_SUBS,
    TRAFFIC_INFLUENCE_SUB,
    AS_SESSION_SUBS,
    AS_SESSION_SUB,
    EAS_DEPLOYMENTS,
    EAS_DEPLOYMENT,
    EAS_REMOVE,
    MONITORING_SUBS,
    MONITORING_SUB,
)


def url(base: str, template: str, *, query: dict[str, str] | None = None, **values: str) -> str:
    """``base`` + ``template`` with every ``{name}`` replaced by its quoted value (values the
    template does not name are ignored), then ``?query`` when given."""
    path = template.format(**{k: quote(v, safe="") for k, v in values.items()})
    return base.rstrip("/") + path + (f"?{urlencode(query)}" if query else "")


def resource_id(location: str) -> str:
    """The id of a created resource: the last segment of its ``Location`` (or ``self``)."""
    return unquote(urlsplit(location).path.rstrip("/").rsplit("/", 1)[-1])
