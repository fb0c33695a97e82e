"""The service root, the OData service document and ``$metadata`` (CSDL references to the
DMTF schemas this service implements, as real services publish them)."""

from __future__ import annotations

from collections.abc import Mapping

from mec_mocks.edge_site import paths
from mec_mocks.edge_site.expand import MAX_LEVELS
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.resources.common import (
    COLLECTIONS,
    VENDOR,
    VERSIONS,
    Resource,
    link,
    resource,
)

REDFISH_VERSION = "1.21.0"
SCHEMA_BASE = "http://redfish.dmtf.org/schemas/v1"

_TOP = {
    "Systems": paths.SYSTEMS,
    "Chassis": paths.CHASSIS,
    "Managers": paths.MANAGERS,
    "SessionService": paths.SESSION_SERVICE,
    "AccountService": paths.ACCOUNT_SERVICE,
    "EventService": paths.EVENT_SERVICE,
    "AggregationService": paths.AGGREGATION_SERVICE,
}


def versions(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return {"v1": paths.ROOT}


def service_root(gw: Gateway, match: Mapping[str, str]) -> Resource:
    return resource(
        "ServiceRoot",
        paths.ROOT,
        "RootService",
        f"Edge site {gw.site.site_id} gateway",
        {
            "RedfishVersion": REDFISH_VERSION,
            "UUID": gw.site.uuid,
            "Product": f"Edge site gateway ({gw.site.profile.name})",
            "Vendor": VENDOR,
            "ProtocolFeaturesSupported": {
                "ExpandQuery": {
                    "ExpandAll": True,
                    "Levels": True,
                    "Links": True,
                    "NoLinks": True,
                    "MaxLevels": MAX_LEVELS,
                },
                "FilterQuery": False,
                "SelectQuery": False,
                "OnlyMemberQuery": False,
                "ExcerptQuery": False,
            },
            **{name: link(uri) for name, uri in _TOP.items()},
            "Links": {"Sessions": link(paths.SESSIONS)},
        },
    )


def odata(gw: Gateway, match: Mapping[str, str]) -> Resource:
    value = [{"name": "Service", "kind": "Singleton", "url": paths.ROOT}]
    value += [{"name": n, "kind": "Singleton", "url": u} for n, u in _TOP.items()]
    return {"@odata.context": paths.METADATA, "value": value}


def _reference(schema: str, version: str | None) -> str:
    includes = [f'    <edmx:Include Namespace="{schema}"/>']
    if version:
        includes.append(f'    <edmx:Include Namespace="{schema}.{version}"/>')
    body = "\n".join(includes)
    return f'  <edmx:Reference Uri="{SCHEMA_BASE}/{schema}_v1.xml">\n{body}\n  </edmx:Reference>'


def metadata_xml() -> str:
    refs = [_reference(s, v) for s, v in VERSIONS.items()]
    refs += [_reference(c, None) for c in COLLECTIONS]
    refs += [_reference("Resource", "v1_0_0"), _reference("Resource", None)]
    refs.append(
        f'  <edmx:Reference Uri="{SCHEMA_BASE}/RedfishExtensions_v1.xml">\n'
        '    <edmx:Include Namespace="RedfishExtensions.v1_0_0" Alias="Redfish"/>\n'
        "  </edmx:Reference>"
    )
    root = f"ServiceRoot.{VERSIONS['ServiceRoot']}"
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">',
            *refs,
            "  <edmx:DataServices>",
            '    <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="Service">',
            f'      <EntityContainer Name="Service" Extends="{root}.ServiceContainer"/>',
            "    </Schema>",
            "  </edmx:DataServices>",
            "</edmx:Edmx>",
            "",
        ]
    )
