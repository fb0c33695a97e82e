"""Mapping a MEC 010-2 package onto standard OPG.04 operations, for partners without the variant.

UploadFile (the package as a public-repository image) -> UploadArtefact (a component spec using
that image) -> OnboardApplication (with ``appStatusCallbackLink``). Every id is derived from the
package, so a retried flow sends the same requests and a partner's 409 means "already there".
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from op_platform.clients.ewbi.forms import label, multipart, version
from op_platform.db.tables.flow import FlowOperationRow
from op_platform.models.ewbi import paths
from op_platform.services.identifiers import ewbi_provider_id

_NAMESPACE = uuid.UUID("0b8f8d3e-4c1a-5e55-8f0a-7d3c2b1a0e9f")
OS_TYPE = {
    "architecture": "x86_64",
    "distribution": "UBUNTU",
    "version": "OS_VERSION_UBUNTU_2204_LTS",
    "license": "OS_LICENSE_TYPE_FREE",
}


def ids(operation: FlowOperationRow) -> dict[str, str]:
    key = operation.package_key
    return {
        "fileId": str(uuid.uuid5(_NAMESPACE, "file:" + key)),
        "artefactId": str(uuid.uuid5(_NAMESPACE, "artefact:" + key)),
        "name": label(operation.app_pkg_name, key),
        "version": version(operation.app_pkg_version),
        "provider": ewbi_provider_id(operation.app_provider),
    }


def requests(
    operation: FlowOperationRow, status_link: str, zones: list[dict[str, Any]], country: str
) -> list[tuple[str, str, bytes | dict[str, Any], str]]:
    """(operation name, path, body, content type) of the three standard calls, in order."""
    ctx = operation.federation_context_id or ""
    names = ids(operation)
    path = str(operation.request_body.get("appPkgPath", ""))
    checksum = operation.checksum_hash
    file_form = {
        "fileId": names["fileId"],
        "appProviderId": names["provider"],
        "fileName": names["name"],
        "fileDescription": f"package {operation.app_pkg_name}"[:128].ljust(8, "_"),
        "fileVersionInfo": names["version"],
        "fileType": "DOCKER",
        "checksum": checksum,
        "imgOSType": OS_TYPE,
        "imgInsSetArch": "ISA_X86_64",
        "repoType": "PUBLICREPO",
        "fileRepoLocation": {"repoURL": path},
    }
    component = {
        "componentName": ("c_" + names["name"])[:64],
        "osType": OS_TYPE,
        "InstSetArch": "ISA_X86_64",
        "images": [names["fileId"]],
        "numOfInstances": 1,
        "restartPolicy": "RESTART_POLICY_ALWAYS",
        "exposedInterfaces": [
            {
                "interfaceId": "http_port",
                "commProtocol": "HTTP_HTTPS",
                "commPort": 8080,
                "visibilityType": "VISIBILITY_EXTERNAL",
                "network": "default_net",
            }
        ],
        "computeResourceProfile": {
            "cpuArchType": "ISA_X86_64",
            "numCPU": 1,
            "memory": 1024,
            "diskStorage": 10,
        },
    }
    artefact_form = {
        "artefactId": names["artefactId"],
        "appProviderId": names["provider"],
        "artefactName": names["name"],
        "artefactVersionInfo": names["version"],
        "artefactVirtType": "CONTAINER_TYPE",
        "artefactDescriptorType": "COMPONENTSPEC",
        "repoType": "PUBLICREPO",
        "artefactRepoLocation": {"repoURL": path},
        "componentSpec": [component],
    }
    token = "t" + hashlib.sha256(("token:" + operation.package_key).encode()).hexdigest()[:39]
    onboard = {
        "appId": operation.remote_app_id,
        "appProviderId": names["provider"],
        "appDeploymentZones": [
            {"countryCode": country, "zoneInfo": zone["zoneId"]} for zone in zones
        ],
        "appMetaData": {
            "appName": names["name"],
            "version": names["version"],
            "accessToken": token,
            "category": "OTHERS",
        },
        "appQoSProfile": {"latencyConstraints": "NONE", "multiUserClients": "APP_TYPE_SINGLE_USER"},
        "appComponentSpecs": [
            {
                "serviceNameNB": ("svc_" + names["name"])[:32],
                "componentName": component["componentName"],
                "artefactId": names["artefactId"],
            }
        ],
        "appStatusCallbackLink": status_link,
    }
    file_body, file_type = multipart(file_form)
    artefact_body, artefact_type = multipart(artefact_form)
    return [
        ("UploadFile", paths.files(ctx), file_body, file_type),
        ("UploadArtefact", paths.artefacts(ctx), artefact_body, artefact_type),
        ("OnboardApplication", paths.onboarding(ctx), onboard, "application/json"),
    ]
