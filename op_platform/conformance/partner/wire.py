"""The bodies the partner answers with, each valid against openapi/ewbi.yaml."""

from __future__ import annotations

import ipaddress
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from op_platform.conformance.partner.store import FLAVOUR, ZONES, Federation

COMPUTE = {"cpuArchType": "ISA_X86_64", "numCPU": 16, "memory": 32768, "diskStorage": 500}
OS_TYPE = {
    "architecture": "x86_64",
    "distribution": "UBUNTU",
    "version": "OS_VERSION_UBUNTU_2204_LTS",
    "license": "OS_LICENSE_TYPE_FREE",
}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def endpoint(base_url: str) -> dict[str, Any]:
    parts = urlsplit(base_url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return {"port": port, "fqdn": host}
    key = "ipv4Addresses" if address.version == 4 else "ipv6Addresses"
    return {"port": port, key: [str(address)]}


def federation_info(fed: Federation, base_url: str) -> dict[str, Any]:
    info: dict[str, Any] = {
        "edgeDiscoveryServiceEndPoint": endpoint(base_url),
        "lcmServiceEndPoint": endpoint(base_url),
        "offeredAvailabilityZones": list(ZONES),
    }
    if fed.mobile:
        info["allowedMobileNetworkIds"] = fed.mobile
    if fed.fixed:
        info["allowedFixedNetworkIds"] = fed.fixed
    return info


def zone_data(zone_id: str) -> dict[str, Any]:
    return {
        "zoneId": zone_id,
        "reservedComputeResources": [COMPUTE],
        "computeResourceQuotaLimits": [COMPUTE],
        "flavoursSupported": [
            {
                "flavourId": FLAVOUR,
                "cpuArchType": "ISA_X86_64",
                "supportedOSTypes": [OS_TYPE],
                "numCPU": 2,
                "memorySize": 4096,
                "storageSize": 20,
            }
        ],
        "networkResources": {
            "egressBandWidth": 1000,
            "dedicatedNIC": 0,
            "supportSriov": False,
            "supportDPDK": False,
        },
    }


def zone_event(fed: Federation, zone_id: str) -> dict[str, Any]:
    return {
        "federationContextId": fed.context_id,
        "zoneId": zone_id,
        "zoneResUpdInfo": [{"availableCompResources": [COMPUTE]}],
    }


def onboard_event(fed: Federation, app_id: str, zone: str, state: str) -> dict[str, Any]:
    return {
        "federationContextId": fed.context_id,
        "appId": app_id,
        "statusInfo": [{"zoneId": zone, "onboardStatusInfo": state}],
    }


def instance_event(
    fed: Federation, instance: dict[str, Any], state: str, base_url: str
) -> dict[str, Any]:
    details: dict[str, Any] = {"appInstanceState": state}
    if state == "READY":
        details["accesspointInfo"] = access_points(base_url)
    return {
        "federationContextId": fed.context_id,
        "appId": instance["appId"],
        "appInstIdentifier": instance["id"],
        "zoneId": instance["zoneId"],
        "appInstanceInfo": details,
        "modificationDate": now(),
    }


def access_points(base_url: str) -> list[dict[str, Any]]:
    return [{"interfaceId": "kit_interface", "accessPoints": endpoint(base_url)}]
