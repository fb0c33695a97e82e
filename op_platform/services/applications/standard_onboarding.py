"""Carrying an application to a partner with the standard OPG.04 operations only.

Both the federated flow (a MEC package toward a partner without the onboarding variant) and the
NBI (a CAMARA app onboarded at partners) describe what they carry as a :class:`StandardApp`;
:func:`standard_calls` turns it into the three typed calls, in order: UploadFile (the image as
a repository location) -> UploadArtefact (a component spec using that image) ->
OnboardApplication (with ``appStatusCallbackLink``). Every id and name derives from
``StandardApp.key``, so a retried onboarding sends the same requests and a partner's 409 means
"already there".
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from op_platform.clients.ewbi import calls
from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.clients.ewbi.forms import label
from op_platform.models.ewbi.applications import OnboardApplicationRequest
from op_platform.models.ewbi.artefacts import ArtefactUploadForm, FileUploadForm

UBUNTU = {
    "architecture": "x86_64",
    "distribution": "UBUNTU",
    "version": "OS_VERSION_UBUNTU_2204_LTS",
    "license": "OS_LICENSE_TYPE_FREE",
}
HTTP_PORT = {
    "interfaceId": "http_port",
    "commProtocol": "HTTP_HTTPS",
    "commPort": 8080,
    "visibilityType": "VISIBILITY_EXTERNAL",
    "network": "default_net",
}
SMALL = {"cpuArchType": "ISA_X86_64", "numCPU": 1, "memory": 1024, "diskStorage": 10}


@dataclass(frozen=True)
class StandardApp:
    key: str  # stable: the access token and the service names derive from it
    app_id: str  # EWBI appId
    provider: str  # EWBI appProviderId
    name: str  # an EWBI name (see clients.ewbi.forms.label)
    version: str  # an EWBI version
    file_id: str
    artefact_id: str
    description: str  # 8 to 128 characters
    image_url: str  # where the partner fetches the image (repoURL)
    repo_token: str | None = None  # bearer token for image_url, when it needs one
    file_type: str = "DOCKER"
    checksum: str | None = None
    os_type: dict[str, str] = field(default_factory=lambda: dict(UBUNTU))
    virt: str = "CONTAINER_TYPE"
    resources: dict[str, Any] = field(default_factory=lambda: dict(SMALL))
    # (component name, exposed interfaces); one component on port 8080 when empty
    components: Sequence[tuple[str, Sequence[dict[str, Any]]]] = ()


def _components(app: StandardApp) -> list[dict[str, Any]]:
    given = list(app.components) or [(("c_" + app.name)[:64], [HTTP_PORT])]
    found = []
    for index, (name, interfaces) in enumerate(given):
        spec: dict[str, Any] = {
            "componentName": label(name, f"{app.key}:{index}", 64) if app.components else name,
            "osType": app.os_type,
            "InstSetArch": "ISA_X86_64",
            "images": [app.file_id],
            "numOfInstances": 1,
            "restartPolicy": "RESTART_POLICY_ALWAYS",
            "computeResourceProfile": app.resources,
        }
        if interfaces:
            spec["exposedInterfaces"] = list(interfaces)
        found.append(spec)
    return found


def _location(app: StandardApp) -> dict[str, str]:
    location = {"repoURL": app.image_url}
    if app.repo_token:
        location["token"] = app.repo_token
    return location


def standard_calls(
    ctx: str, app: StandardApp, zones: Sequence[tuple[str, str]], status_link: str
) -> list[EwbiCall[None]]:
    """UploadFile, UploadArtefact, OnboardApplication; ``zones``: (country code, zone id)."""
    specs = _components(app)
    file_form = FileUploadForm.model_validate(
        {
            "fileId": app.file_id,
            "appProviderId": app.provider,
            "fileName": app.name,
            "fileDescription": app.description[:128].ljust(8, "_"),
            "fileVersionInfo": app.version,
            "fileType": app.file_type,
            "checksum": app.checksum,
            "imgOSType": app.os_type,
            "imgInsSetArch": "ISA_X86_64",
            "repoType": "PUBLICREPO",
            "fileRepoLocation": _location(app),
        }
    )
    artefact_form = ArtefactUploadForm.model_validate(
        {
            "artefactId": app.artefact_id,
            "appProviderId": app.provider,
            "artefactName": app.name,
            "artefactVersionInfo": app.version,
            "artefactVirtType": app.virt,
            "artefactDescriptorType": "COMPONENTSPEC",
            "repoType": "PUBLICREPO",
            "artefactRepoLocation": _location(app),
            "componentSpec": specs,
        }
    )
    token = "t" + hashlib.sha256(("token:" + app.key).encode()).hexdigest()[:39]
    onboard = OnboardApplicationRequest.model_validate(
        {
            "appId": app.app_id,
            "appProviderId": app.provider,
            "appDeploymentZones": [
                {"countryCode": country, "zoneInfo": zone} for country, zone in zones
            ]
            or None,
            "appMetaData": {
                "appName": app.name,
                "version": app.version,
                "accessToken": token,
                "category": "OTHERS",
            },
            "appQoSProfile": {
                "latencyConstraints": "NONE",
                "multiUserClients": "APP_TYPE_SINGLE_USER",
            },
            "appComponentSpecs": [
                {
                    "serviceNameNB": label("svc_" + spec["componentName"], app.key, 32),
                    "componentName": spec["componentName"],
                    "artefactId": app.artefact_id,
                }
                for spec in specs
            ],
            "appStatusCallbackLink": status_link,
        }
    )
    return [
        calls.upload_file(ctx, file_form),
        calls.upload_artefact(ctx, artefact_form),
        calls.onboard_application(ctx, onboard),
    ]
