"""The request bodies the kit sends as originating OP, each valid against the contract.

Names and identifiers are made per run (a short random suffix), so two runs against one partner
do not collide and a partner that keeps state between runs still sees fresh resources.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from typing import Any

from op_platform.conformance.profiles import Profile

PROVIDER = "conformance_provider"
IMAGE = b"conformance-kit image bytes\n" * 32
COMPONENT = "kit_component"


def run_suffix() -> str:
    return secrets.token_hex(3)


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def federation(
    orig_id: str, link: str, credentials: dict[str, str], profile: Profile
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "origOPFederationId": orig_id,
        "origOPCountryCode": "ZZ",
        "origOPMobileNetworkCodes": {"mcc": "001", "mncs": ["01"]},
        "origOPFixedNetworkCodes": ["KIT-FIXED-1"],
        "initialDate": now(),
        "federationNotificationDest": link,
        "partnerCallbackCredentials": credentials,
    }
    if profile == "lenient":  # partners of the widely used dialect read only this one
        body["partnerStatusLink"] = link
    return body


def update_federation() -> dict[str, Any]:
    return {
        "objectType": "MOBILE_NETWORK_CODES",
        "operationType": "ADD_CODES",
        "addMobileNetworkIds": {"mcc": "001", "mncs": ["02"]},
        "modificationDate": now(),
    }


def os_type() -> dict[str, str]:
    return {
        "architecture": "x86_64",
        "distribution": "UBUNTU",
        "version": "OS_VERSION_UBUNTU_2204_LTS",
        "license": "OS_LICENSE_TYPE_FREE",
    }


def file_form(file_id: str) -> dict[str, Any]:
    return {
        "fileId": file_id,
        "appProviderId": PROVIDER,
        "fileName": "kit_image_file",
        "fileDescription": "conformance kit image",
        "fileVersionInfo": "1.0.0",
        "fileType": "QCOW2",
        "checksum": "sha256:" + hashlib.sha256(IMAGE).hexdigest(),
        "imgOSType": os_type(),
        "imgInsSetArch": "ISA_X86_64",
        "repoType": "UPLOAD",
    }


def component_spec(file_id: str) -> dict[str, Any]:
    return {
        "componentName": COMPONENT,
        "osType": os_type(),
        "InstSetArch": "ISA_X86_64",
        "images": [file_id],
        "numOfInstances": 1,
        "restartPolicy": "RESTART_POLICY_ALWAYS",
        "exposedInterfaces": [
            {
                "interfaceId": "kit_interface",
                "commProtocol": "HTTP_HTTPS",
                "commPort": 8443,
                "visibilityType": "VISIBILITY_EXTERNAL",
                "network": "net_default",
            }
        ],
        "computeResourceProfile": {
            "cpuArchType": "ISA_X86_64",
            "numCPU": 1,
            "memory": 1024,
            "diskStorage": 10,
        },
    }


def artefact_form(artefact_id: str, file_id: str) -> dict[str, Any]:
    return {
        "artefactId": artefact_id,
        "appProviderId": PROVIDER,
        "artefactName": "kit_artefact",
        "artefactVersionInfo": "1.0",
        "artefactDescription": "conformance kit artefact",
        "artefactVirtType": "VM_TYPE",
        "artefactDescriptorType": "COMPONENTSPEC",
        "repoType": "PUBLICREPO",
        "artefactRepoLocation": {"repoURL": "https://repo.invalid/kit/artefact.tgz"},
        "componentSpec": [component_spec(file_id)],
    }


def onboard(app_id: str, artefact_id: str, zone: str, country: str, link: str) -> dict[str, Any]:
    return {
        "appId": app_id,
        "appProviderId": PROVIDER,
        "appDeploymentZones": [{"countryCode": country, "zoneInfo": zone}],
        "appMetaData": {
            "appName": "kit_application",
            "version": "1.0",
            "appDescription": "conformance kit application",
            "accessToken": "K" + secrets.token_hex(20),
            "category": "OTHERS",
        },
        "appQoSProfile": {"latencyConstraints": "LOW"},
        "appComponentSpecs": [
            {"serviceNameNB": "kit_service", "componentName": COMPONENT, "artefactId": artefact_id}
        ],
        "appStatusCallbackLink": link,
    }


def install(app_id: str, zone: str, flavour: str, link: str) -> dict[str, Any]:
    return {
        "appId": app_id,
        "appVersion": "1.0",
        "appProviderId": PROVIDER,
        "zoneInfo": {"zoneId": zone, "flavourId": flavour},
        "appInstCallbackLink": link,
    }


def pool(name: str, flavour: str, link: str) -> dict[str, Any]:
    return {
        "resRequest": {
            "poolName": name,
            "flavours": [{"flavourId": flavour, "numFlavour": 1}],
            "reserveDuration": {"numOfDays": 1},
        },
        "resourceReservationCallbackLink": link,
    }


def candidate_zones(app_id: str, geolocation: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"appProviderId": PROVIDER, "appId": app_id}
    if geolocation:
        body["edgeDiscoveryFilters"] = {"location": {"geo_location": geolocation}}
    return body


def app_package(name: str) -> dict[str, Any]:
    return {
        "appPkgName": name,
        "appPkgVersion": "1.0",
        "appProvider": PROVIDER,
        "appPkgPath": "https://repo.invalid/kit/package.zip",
        "checksum": {"algorithm": "SHA-256", "hash": hashlib.sha256(IMAGE).hexdigest()},
    }
