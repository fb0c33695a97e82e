"""EWBI paths shared by the server (route table) and the client (calls), so they cannot drift.

Templates are relative to :data:`EWBI_ROOT` (or :data:`CALLBACKS_ROOT` for the callback
receivers) and use aiohttp's ``{name}`` placeholders with the parameter names of the standard.
The builder functions fill them in, URL-quoting every value as one path segment.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from urllib.parse import quote

from op_platform import roots

EWBI_ROOT = roots.EWBI
CALLBACKS_ROOT = roots.EWBI_CALLBACKS
OAUTH_TOKEN = roots.OAUTH_TOKEN
OAUTH_REVOKE = roots.OAUTH_REVOKE
JWKS = roots.JWKS

# The onboarding variant (DESIGN section 3) below any hop's API root: a MEO's ``app_pkgm/v1``,
# an OP's SBI-CR root, or an EWBI federation context.
VARIANT_PACKAGES = "/op_target_systems/{targetNetworkId}/apptype/{applicationType}/app_packages"

# Resource templates.
PARTNER = "/partner"
FEDERATION = "/{federationContextId}/partner"
ZONES = "/{federationContextId}/zones"
ZONE = "/{federationContextId}/zones/{zoneId}"
ARTEFACTS = "/{federationContextId}/artefact"
ARTEFACT = "/{federationContextId}/artefact/{artefactId}"
FILES = "/{federationContextId}/files"
FILE = "/{federationContextId}/files/{fileId}"
ONBOARDING = "/{federationContextId}/application/onboarding"
ONBOARDED_APP = ONBOARDING + "/app/{appId}"
ONBOARDED_APP_ZONE = ONBOARDED_APP + "/zone/{zoneId}"
ADDITIONAL_ZONES = ONBOARDED_APP + "/additionalZones"
ZONE_FORBID = ONBOARDED_APP + "/zoneForbid"
LCM = "/{federationContextId}/application/lcm"
APP_INSTANCE = LCM + "/app/{appId}/instance/{appInstanceId}/zone/{zoneId}"
APP_INSTANCES = LCM + "/app/{appId}/appProvider/{appProviderId}"
RESOURCE_POOLS = "/{federationContextId}/isv/resource/zone/{zoneId}/appProvider/{appProviderId}"
RESOURCE_POOL = RESOURCE_POOLS + "/pool/{poolId}"
EDGE_DISCOVERY = "/{federationContextId}/edgenodesharing/edgeDiscovery"
ROAMING_AUTH = "/{federationContextId}/roaminguserauth/device/{deviceId}/token/{authToken}"
APP_PACKAGES = "/{federationContextId}" + VARIANT_PACKAGES

# One template per operation, named after its operationId.
CREATE_FEDERATION = PARTNER
GET_FEDERATION_DETAILS = FEDERATION
UPDATE_FEDERATION = FEDERATION
DELETE_FEDERATION_DETAILS = FEDERATION
ZONE_SUBSCRIBE = ZONES
ZONE_UNSUBSCRIBE = ZONE
GET_ZONE_DATA = ZONE
UPLOAD_ARTEFACT = ARTEFACTS
GET_ARTEFACT = ARTEFACT
REMOVE_ARTEFACT = ARTEFACT
UPLOAD_FILE = FILES
VIEW_FILE = FILE
REMOVE_FILE = FILE
ONBOARD_APPLICATION = ONBOARDING
UPDATE_APPLICATION = ONBOARDED_APP
VIEW_APPLICATION = ONBOARDED_APP
DELETE_APP = ONBOARDED_APP
DEBOARD_APPLICATION = ONBOARDED_APP_ZONE
ONBOARD_EXISTING_APP_NEW_ZONES = ADDITIONAL_ZONES
LOCK_UNLOCK_APPLICATION_ZONE = ZONE_FORBID
INSTALL_APP = LCM
GET_APP_INSTANCE_DETAILS = APP_INSTANCE
REMOVE_APP = APP_INSTANCE
GET_ALL_APP_INSTANCES = APP_INSTANCES
CREATE_RESOURCE_POOLS = RESOURCE_POOLS
VIEW_ISV_RES_POOL = RESOURCE_POOLS
UPDATE_ISV_RES_POOL = RESOURCE_POOL
REMOVE_ISV_RES_POOL = RESOURCE_POOL
GET_CANDIDATE_ZONES = EDGE_DISCOVERY
AUTHENTICATE_DEVICE = ROAMING_AUTH
ONBOARD_APP_PACKAGE_VARIANT = APP_PACKAGES

# Callback receivers, relative to CALLBACKS_ROOT.
ON_PARTNER_STATUS_EVENT = "/onPartnerStatusEvent"
ON_ZONE_RESOURCE_UPDATE_EVENT = "/onZoneResourceUpdateEvent"
ON_APPLICATION_ONBOARD_STATUS_EVENT = "/onApplicationOnboardStatusEvent"
ON_INSTANCE_STATUS_EVENT = "/onInstanceStatusEvent"
ON_RESOURCE_STATUS_CHANGE_EVENT = "/onResourceStatusChangeEvent"


class Route(NamedTuple):
    method: str
    operation_id: str
    template: str


# Every EWBI operation, in the order of the standard; the two extensions last.
OPERATIONS: tuple[Route, ...] = (
    Route("POST", "CreateFederation", CREATE_FEDERATION),
    Route("GET", "GetFederationDetails", GET_FEDERATION_DETAILS),
    Route("PATCH", "UpdateFederation", UPDATE_FEDERATION),
    Route("DELETE", "DeleteFederationDetails", DELETE_FEDERATION_DETAILS),
    Route("POST", "ZoneSubscribe", ZONE_SUBSCRIBE),
    Route("DELETE", "ZoneUnsubscribe", ZONE_UNSUBSCRIBE),
    Route("GET", "GetZoneData", GET_ZONE_DATA),
    Route("POST", "UploadArtefact", UPLOAD_ARTEFACT),
    Route("GET", "GetArtefact", GET_ARTEFACT),
    Route("DELETE", "RemoveArtefact", REMOVE_ARTEFACT),
    Route("POST", "UploadFile", UPLOAD_FILE),
    Route("DELETE", "RemoveFile", REMOVE_FILE),
    Route("GET", "ViewFile", VIEW_FILE),
    Route("POST", "OnboardApplication", ONBOARD_APPLICATION),
    Route("PATCH", "UpdateApplication", UPDATE_APPLICATION),
    Route("GET", "ViewApplication", VIEW_APPLICATION),
    Route("DELETE", "DeboardApplication", DEBOARD_APPLICATION),
    Route("POST", "OnboardExistingAppNewZones", ONBOARD_EXISTING_APP_NEW_ZONES),
    Route("POST", "LockUnlockApplicationZone", LOCK_UNLOCK_APPLICATION_ZONE),
    Route("POST", "InstallApp", INSTALL_APP),
    Route("GET", "GetAppInstanceDetails", GET_APP_INSTANCE_DETAILS),
    Route("DELETE", "RemoveApp", REMOVE_APP),
    Route("GET", "GetAllAppInstances", GET_ALL_APP_INSTANCES),
    Route("POST", "CreateResourcePools", CREATE_RESOURCE_POOLS),
    Route("GET", "ViewISVResPool", VIEW_ISV_RES_POOL),
    Route("PATCH", "UpdateISVResPool", UPDATE_ISV_RES_POOL),
    Route("DELETE", "RemoveISVResPool", REMOVE_ISV_RES_POOL),
    Route("POST", "GetCandidateZones", GET_CANDIDATE_ZONES),
    Route("GET", "AuthenticateDevice", AUTHENTICATE_DEVICE),
    Route("DELETE", "DeleteApp", DELETE_APP),
    Route("POST", "OnboardAppPackageVariant", ONBOARD_APP_PACKAGE_VARIANT),
)

# Callback receivers: name of the callback -> path relative to CALLBACKS_ROOT (all POST).
CALLBACKS: dict[str, str] = {
    "onPartnerStatusEvent": ON_PARTNER_STATUS_EVENT,
    "onZoneResourceUpdateEvent": ON_ZONE_RESOURCE_UPDATE_EVENT,
    "onApplicationOnboardStatusEvent": ON_APPLICATION_ONBOARD_STATUS_EVENT,
    "onInstanceStatusEvent": ON_INSTANCE_STATUS_EVENT,
    "onResourceStatusChangeEvent": ON_RESOURCE_STATUS_CHANGE_EVENT,
}


def _seg(value: object) -> str:
    return quote(str(value), safe="")


def build(template: str, **params: object) -> str:
    """Fill ``template`` with ``params``, each quoted as a single path segment."""
    return template.format_map({name: _seg(value) for name, value in params.items()})


class PathBuilder:
    """A template turned into a function: its placeholders filled, in the order the template
    names them, from the values given (``zone("ctx", "z1")`` for ``ZONE``)."""

    def __init__(self, template: str) -> None:
        self.template = template
        self.names = tuple(re.findall(r"\{(\w+)\}", template))

    def __call__(self, *values: object) -> str:
        if len(values) != len(self.names):
            wanted = ", ".join(self.names) or "no value"
            raise TypeError(f"{self.template} takes {wanted}; got {len(values)} values")
        return build(self.template, **dict(zip(self.names, values, strict=True)))


def absolute(relative: str, root: str = EWBI_ROOT) -> str:
    """The path from the server root: ``root`` + ``relative``."""
    return root + relative


def federation_location(api_root: str, federation_context_id: str) -> str:
    """The ``Location`` of a new federation: ``{apiRoot}`` + EWBI root + ``/{id}/partner``."""
    return api_root.rstrip("/") + EWBI_ROOT + federation(federation_context_id)


def callback_link(base_url: str, name: str) -> str:
    """The absolute URL of our receiver for callback ``name`` (a key of :data:`CALLBACKS`)."""
    return base_url.rstrip("/") + CALLBACKS_ROOT + CALLBACKS[name]


# One builder per resource template; each takes the template's parameters in its order.
partner = PathBuilder(PARTNER)
federation = PathBuilder(FEDERATION)
zones = PathBuilder(ZONES)
zone = PathBuilder(ZONE)
artefacts = PathBuilder(ARTEFACTS)
artefact = PathBuilder(ARTEFACT)
files = PathBuilder(FILES)
file = PathBuilder(FILE)
onboarding = PathBuilder(ONBOARDING)
onboarded_app = PathBuilder(ONBOARDED_APP)
onboarded_app_zone = PathBuilder(ONBOARDED_APP_ZONE)
additional_zones = PathBuilder(ADDITIONAL_ZONES)
zone_forbid = PathBuilder(ZONE_FORBID)
lcm = PathBuilder(LCM)
app_instance = PathBuilder(APP_INSTANCE)
app_instances = PathBuilder(APP_INSTANCES)
resource_pools = PathBuilder(RESOURCE_POOLS)
resource_pool = PathBuilder(RESOURCE_POOL)
edge_discovery = PathBuilder(EDGE_DISCOVERY)
roaming_auth = PathBuilder(ROAMING_AUTH)
app_packages = PathBuilder(APP_PACKAGES)
# The onboarding variant below a MEO's or an SBI-CR root.
variant_packages = PathBuilder(VARIANT_PACKAGES)
