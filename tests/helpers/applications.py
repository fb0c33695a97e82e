"""EWBI artefact, file and onboarding bodies for tests."""

from __future__ import annotations

import hashlib
import json
import uuid
from typing import Any

import httpx

from op_platform.models.ewbi import paths
from tests.helpers.federation import create_federation, ewbi, federation_body

PROVIDER = "provider_one"
IMAGE = b"\x00qcow2 image bytes\x01" * 64


async def new_context(http: httpx.AsyncClient, op_url: str, headers: dict[str, str]) -> str:
    answer = await create_federation(http, op_url, headers, federation_body("http://127.0.0.1:9"))
    return str(answer["federationContextId"])


def os_type() -> dict[str, str]:
    return {
        "architecture": "x86_64",
        "distribution": "UBUNTU",
        "version": "OS_VERSION_UBUNTU_2204_LTS",
        "license": "OS_LICENSE_TYPE_FREE",
    }


def file_form(file_id: str, **overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "fileId": file_id,
        "appProviderId": PROVIDER,
        "fileName": "edge_image_1",
        "fileDescription": "the edge image",
        "fileVersionInfo": "1.0.0",
        "fileType": "QCOW2",
        "checksum": "sha256:" + hashlib.sha256(IMAGE).hexdigest(),
        "imgOSType": json.dumps(os_type()),
        "imgInsSetArch": "ISA_X86_64",
        "repoType": "UPLOAD",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def component_spec(file_id: str) -> dict[str, Any]:
    return {
        "componentName": "web_component",
        "osType": os_type(),
        "InstSetArch": "ISA_X86_64",
        "images": [file_id],
        "numOfInstances": 1,
        "restartPolicy": "RESTART_POLICY_ALWAYS",
        "computeResourceProfile": {
            "cpuArchType": "ISA_X86_64",
            "numCPU": 2,
            "memory": 2048,
            "diskStorage": 10,
        },
    }


def artefact_form(artefact_id: str, file_id: str, **overrides: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "artefactId": artefact_id,
        "appProviderId": PROVIDER,
        "artefactName": "edge_artefact",
        "artefactVersionInfo": "1.2",
        "artefactDescription": "an artefact",
        "artefactVirtType": "VM_TYPE",
        "artefactDescriptorType": "COMPONENTSPEC",
        "repoType": "PUBLICREPO",
        "artefactRepoLocation": json.dumps({"repoURL": "https://repo.example.com/a.tgz"}),
        "componentSpec": json.dumps([component_spec(file_id)]),
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


async def upload_file(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], ctx: str, file_id: str
) -> None:
    response = await http.post(
        ewbi(url, paths.files(ctx)),
        files=parts(
            file_form(file_id), ("file", ("image.qcow2", IMAGE, "application/octet-stream"))
        ),
        headers=headers,
    )
    assert response.status_code == 200, response.text


async def upload_artefact(
    http: httpx.AsyncClient, url: str, headers: dict[str, str], ctx: str, file_id: str
) -> str:
    artefact_id = str(uuid.uuid4())
    response = await http.post(
        ewbi(url, paths.artefacts(ctx)),
        files=parts(artefact_form(artefact_id, file_id)),
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return artefact_id


def onboard_body(
    app_id: str, artefact_id: str, callback: str, zones: tuple[str, ...] = ("zone-1", "zone-2")
) -> dict[str, Any]:
    return {
        "appId": app_id,
        "appProviderId": PROVIDER,
        "appDeploymentZones": [{"countryCode": "ES", "zoneInfo": z} for z in zones],
        "appMetaData": {
            "appName": "edge_app_one",
            "version": "1.0",
            "accessToken": "A" + "b" * 40,
        },
        "appQoSProfile": {"latencyConstraints": "LOW"},
        "appComponentSpecs": [
            {
                "serviceNameNB": "web_service",
                "componentName": "web_component",
                "artefactId": artefact_id,
            }
        ],
        "appStatusCallbackLink": callback,
    }


def parts(form: dict[str, Any], *files: tuple[str, tuple[str, bytes, str]]) -> list[Any]:
    """A multipart body (httpx ``files=``) with the form fields and the given file parts."""
    fields: list[Any] = [(name, (None, str(value))) for name, value in form.items()]
    return fields + list(files)
