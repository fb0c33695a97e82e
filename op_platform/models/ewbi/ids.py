"""Identifier and scalar types of the EWBI (GSMA OPG.04), as Annotated ``str``/``int`` types.

Each pattern is the one the standard gives for the type. ``\\d`` is spelled ``[0-9]`` so that
only ASCII digits match.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, NonNegativeInt, StringConstraints

from op_platform.models.fields import Ipv4Text

# Patterns, shared with the tests and with anyone who needs to check a value without a model.
PATTERN_FEDERATION_ID = r"^[A-Za-z0-9][A-Za-z0-9-]*$"
PATTERN_APP_ID = r"^[A-Za-z][A-Za-z0-9_]{7,63}$"
PATTERN_UUID = r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
PATTERN_INSTANCE_ID = r"^[A-Za-z0-9][A-Za-z0-9_]{6,62}[A-Za-z0-9]$"
PATTERN_POOL_ID = r"^[A-Za-z0-9][A-Za-z0-9_]{6,30}[A-Za-z0-9]$"
PATTERN_DEVICE_ID = r"^[A-Za-z0-9][A-Za-z0-9_]{6,128}[A-Za-z0-9]$"
PATTERN_VERSION = r"^([0-9]{1,2}\.)?([0-9]{1,2}\.)?([0-9]{1,2})$"
PATTERN_COUNTRY_CODE = r"^[A-Z]{2}$"
PATTERN_MCC = r"^[0-9]{3}$"
PATTERN_MNC = r"^[0-9]{2,3}$"
PATTERN_GEOLOCATION = (
    r"^([-+]?)([0-9]{1,2})((((\.)([0-9]{1,4}))?(,)))(([-+]?)([0-9]{1,3})((\.)([0-9]{1,4}))?)$"
)
PATTERN_CLIENT_GEOLOCATION = (
    r"^([-+]?)([0-9]{1,2})(((\.)([0-9]+)(,)))(\s*)(([-+]?)([0-9]{1,3})((\.)([0-9]+))?)$"
)
PATTERN_IPV6_DIGITS = (
    r"^((:|(0?|([1-9a-f][0-9a-f]{0,3}))):)((0?|([1-9a-f][0-9a-f]{0,3})):){0,6}"
    r"(:|(0?|([1-9a-f][0-9a-f]{0,3})))$"
)
PATTERN_IPV6_GROUPS = r"^((([^:]+:){7}([^:]+))|((([^:]+:)*[^:]+)?::(([^:]+:)*[^:]+)?))$"
PATTERN_NAME_32 = r"^[A-Za-z][A-Za-z0-9_]{7,31}$"
PATTERN_LABEL_64 = r"^[A-Za-z0-9][A-Za-z0-9_]{6,62}[A-Za-z0-9]$"
PATTERN_LABEL_32 = r"^[A-Za-z0-9][A-Za-z0-9_]{6,30}[A-Za-z0-9]$"
PATTERN_NETWORK_NAME = r"^[A-Za-z][A-Za-z0-9_]{6,30}[A-Za-z0-9]$"
PATTERN_INTERFACE_NAME = r"^[a-z][a-z0-9]{3}$"
PATTERN_ACCESS_TOKEN = r"^[A-Za-z][A-Za-z0-9_]{31,63}$"

_IPV6_RES = (re.compile(PATTERN_IPV6_DIGITS), re.compile(PATTERN_IPV6_GROUPS))


def _check_ipv6(value: str) -> str:
    if not all(rx.match(value) for rx in _IPV6_RES):
        raise ValueError("not an IPv6 address in the textual form the EWBI allows")
    return value


# Identifiers; the standard gives several of them the same pattern, so they share one type.
FederationContextId = Annotated[str, StringConstraints(pattern=PATTERN_FEDERATION_ID)]
FederationIdentifier = FederationContextId
ZoneIdentifier = FederationContextId
AppIdentifier = Annotated[str, StringConstraints(pattern=PATTERN_APP_ID)]
AppProviderId = AppIdentifier
ArtefactId = Annotated[str, StringConstraints(pattern=PATTERN_UUID)]
FileId = ArtefactId
InstanceIdentifier = Annotated[str, StringConstraints(pattern=PATTERN_INSTANCE_ID)]
PoolId = Annotated[str, StringConstraints(pattern=PATTERN_POOL_ID)]
PoolName = PoolId
DeviceId = Annotated[str, StringConstraints(pattern=PATTERN_DEVICE_ID)]
AuthorizationToken = Annotated[str, StringConstraints(min_length=8, max_length=128)]
Version = Annotated[str, StringConstraints(pattern=PATTERN_VERSION)]
CountryCode = Annotated[str, StringConstraints(pattern=PATTERN_COUNTRY_CODE)]
Mcc = Annotated[str, StringConstraints(pattern=PATTERN_MCC)]
Mnc = Annotated[str, StringConstraints(pattern=PATTERN_MNC)]
GeoLocation = Annotated[str, StringConstraints(pattern=PATTERN_GEOLOCATION)]
Ipv4Addr = Ipv4Text
Ipv6Addr = Annotated[str, AfterValidator(_check_ipv6)]
FlavourId = str
Fqdn = str
Uri = str
Port = NonNegativeInt
# Names and labels used by several schemas.
Name32 = Annotated[str, StringConstraints(pattern=PATTERN_NAME_32)]
Label64 = Annotated[str, StringConstraints(pattern=PATTERN_LABEL_64)]
Label32 = Annotated[str, StringConstraints(pattern=PATTERN_LABEL_32)]
NetworkName = Annotated[str, StringConstraints(pattern=PATTERN_NETWORK_NAME)]
NetworkInterfaceName = Annotated[str, StringConstraints(pattern=PATTERN_INTERFACE_NAME)]
AccessToken = Annotated[str, StringConstraints(pattern=PATTERN_ACCESS_TOKEN)]
ClientGeoLocation = Annotated[str, StringConstraints(pattern=PATTERN_CLIENT_GEOLOCATION)]
