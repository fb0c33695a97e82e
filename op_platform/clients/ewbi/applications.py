"""EWBI calls that carry an NBI (CAMARA) application to a partner OP.

Onboarding is three calls that must happen in order and survive a partner outage, so they are
built here as :class:`Outbound` requests that the caller queues in the outbox (UploadFile of the
manifest's image repository as a PUBLICREPO image -> UploadArtefact with a component spec per
NBI component -> OnboardApplication with ``appStatusCallbackLink``). InstallApp (preceded by a
ZoneSubscribe when the zone is not subscribed yet) and RemoveApp are queued the same way; the
partner's instance id comes back in InstallApp's answer, which the outbox hands to its result
handler.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from op_platform.clients.ewbi.base import wire
from op_platform.clients.ewbi.forms import label, multipart, version
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.lcm import InstallAppRequest
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData
from op_platform.services.identifiers import (
    camara_to_ewbi,
    ewbi_provider_id,
    nbi_artefact_id,
    nbi_file_id,
)

FILE_TYPES = {"QCOW2": "QCOW2", "OVA": "OVA"}  # every other package type is a container image
OS_DISTRIBUTIONS = {"RHEL": "RHEL", "UBUNTU": "UBUNTU", "COREOS": "COREOS", "WINDOWS": "WINDOWS"}
OS_VERSIONS = {"OS_VERSION_UBUNTU_2204_LTS", "OS_VERSION_RHEL_8", "OS_MS_WINDOWS_2022"}
DEFAULT_FLAVOUR = "fl-small"


@dataclass(frozen=True)
class Outbound:
    """One EWBI request to queue: its operation name, method, path, body and content type."""

    name: str
    method: str
    path: str
    body: bytes | dict[str, Any] | None
    content_type: str = "application/json"


def os_type(manifest: dict[str, Any]) -> dict[str, str]:
    found = manifest.get("operatingSystem") or {}
    family = str(found.get("family", "UBUNTU"))
    os_version = str(found.get("version", "OS_VERSION_UBUNTU_2204_LTS"))
    return {
        "architecture": "x86_64" if found.get("architecture", "x86_64") == "x86_64" else "x86",
        "distribution": OS_DISTRIBUTIONS.get(family, "OTHER"),
        "version": os_version if os_version in OS_VERSIONS else "OTHER",
        "license": str(found.get("license", "OS_LICENSE_TYPE_FREE")),
    }


def _cpu(resources: dict[str, Any]) -> int:
    raw = resources.get("numCPU", 1)
    if isinstance(raw, str):
        raw = float(raw[:-1]) / 1000 if raw.endswith("m") else float(raw)
    return max(1, int(-(-float(raw) // 1)))


def _memory(resources: dict[str, Any]) -> int:
    if resources.get("infraKind") == "kubernetes":
        pool = (resources.get("applicationResources") or {}).get("cpuPool") or {}
        return int(pool.get("memory", 1024))
    return int(resources.get("memory", 1024))


def _interface_id(raw: str) -> str:
    candidate = re.sub(r"[^A-Za-z0-9_]", "_", raw)
    if len(candidate) < 8:
        candidate = (candidate + "_iface").ljust(8, "0")
    return candidate[:32] if candidate[:32][-1].isalnum() else candidate[:31] + "0"


def components(app_id: str, manifest: dict[str, Any]) -> tuple[list[dict[str, Any]], str]:
    """The EWBI component specs of an NBI manifest (one per ``componentSpec`` entry)."""
    resources = manifest.get("requiredResources") or {}
    virt = "VM_TYPE" if resources.get("infraKind") == "virtualMachine" else "CONTAINER_TYPE"
    found = []
    for index, spec in enumerate(manifest.get("componentSpec") or []):
        interfaces = [
            {
                "interfaceId": _interface_id(str(iface["interfaceId"])),
                "commProtocol": iface["protocol"] if iface["protocol"] != "ANY" else "TCP",
                "commPort": int(iface["port"]),
                "visibilityType": iface["visibilityType"],
                "network": "default_net",
            }
            for iface in spec.get("networkInterfaces") or []
        ]
        component: dict[str, Any] = {
            "componentName": label(
                str(spec.get("componentName", "component")), f"{app_id}:{index}", 64
            ),
            "osType": os_type(manifest),
            "InstSetArch": "ISA_X86_64",
            "images": [nbi_file_id(app_id)],
            "numOfInstances": 1,
            "restartPolicy": "RESTART_POLICY_ALWAYS",
            "computeResourceProfile": {
                "cpuArchType": "ISA_X86_64",
                "numCPU": _cpu(resources),
                "memory": _memory(resources),
                "diskStorage": 10,
            },
        }
        if interfaces:
            component["exposedInterfaces"] = interfaces
        found.append(component)
    return found, virt


def onboarding_calls(
    ctx: str,
    app_id: str,
    manifest: dict[str, Any],
    zones: list[str],
    country_code: str,
    status_link: str,
) -> list[Outbound]:
    """UploadFile, UploadArtefact, OnboardApplication for one app at one partner, in order."""
    repo = manifest.get("appRepo") or {}
    provider = ewbi_provider_id(str(manifest["appProvider"]))
    name = label(str(manifest["name"]), app_id)
    app_version = version(str(manifest.get("version", "1")))
    specs, virt = components(app_id, manifest)
    file_form: dict[str, Any] = {
        "fileId": nbi_file_id(app_id),
        "appProviderId": provider,
        "fileName": name,
        "fileDescription": f"image of {manifest['name']}"[:128].ljust(8, "_"),
        "fileVersionInfo": app_version,
        "fileType": FILE_TYPES.get(str(manifest.get("packageType")), "DOCKER"),
        "imgOSType": os_type(manifest),
        "imgInsSetArch": "ISA_X86_64",
        "repoType": "PUBLICREPO",
        "fileRepoLocation": {"repoURL": str(repo.get("imagePath", ""))},
    }
    if repo.get("checksum"):
        file_form["checksum"] = str(repo["checksum"])
    artefact_form = {
        "artefactId": nbi_artefact_id(app_id),
        "appProviderId": provider,
        "artefactName": name,
        "artefactVersionInfo": app_version,
        "artefactVirtType": virt,
        "artefactDescriptorType": "COMPONENTSPEC",
        "repoType": "PUBLICREPO",
        "artefactRepoLocation": {"repoURL": str(repo.get("imagePath", ""))},
        "componentSpec": specs,
    }
    token = "t" + hashlib.sha256(("token:" + app_id).encode()).hexdigest()[:39]
    onboard: dict[str, Any] = {
        "appId": camara_to_ewbi(app_id),
        "appProviderId": provider,
        "appMetaData": {
            "appName": name,
            "version": app_version,
            "accessToken": token,
            "category": "OTHERS",
        },
        "appQoSProfile": {"latencyConstraints": "NONE", "multiUserClients": "APP_TYPE_SINGLE_USER"},
        "appComponentSpecs": [
            {
                "serviceNameNB": label("svc_" + spec["componentName"], app_id, 32),
                "componentName": spec["componentName"],
                "artefactId": nbi_artefact_id(app_id),
            }
            for spec in specs
        ],
        "appStatusCallbackLink": status_link,
    }
    if zones:
        onboard["appDeploymentZones"] = [
            {"countryCode": country_code, "zoneInfo": zone} for zone in zones
        ]
    file_body, file_type = multipart(file_form)
    artefact_body, artefact_type = multipart(artefact_form)
    return [
        Outbound("UploadFile", "POST", paths.files(ctx), file_body, file_type),
        Outbound("UploadArtefact", "POST", paths.artefacts(ctx), artefact_body, artefact_type),
        Outbound("OnboardApplication", "POST", paths.onboarding(ctx), onboard),
    ]


def deletion_call(ctx: str, app_id: str) -> Outbound:
    """DeleteApp of an NBI app at a partner (every zone, every instance)."""
    return Outbound("DeleteApp", "DELETE", paths.onboarded_app(ctx, camara_to_ewbi(app_id)), None)


def install_call(
    ctx: str, app_id: str, manifest: dict[str, Any], zone_id: str, callback_link: str
) -> Outbound:
    """InstallApp of an onboarded NBI app on a partner zone."""
    body = InstallAppRequest.model_validate(
        {
            "appId": camara_to_ewbi(app_id),
            "appVersion": version(str(manifest.get("version", "1"))),
            "appProviderId": ewbi_provider_id(str(manifest["appProvider"])),
            "zoneInfo": {"zoneId": zone_id, "flavourId": DEFAULT_FLAVOUR},
            "appInstCallbackLink": callback_link,
        }
    )
    return Outbound("InstallApp", "POST", paths.lcm(ctx), wire(body))


def subscription_call(ctx: str, body: ZoneRegistrationRequestData) -> Outbound:
    """ZoneSubscribe (a partner installs only on zones we subscribed to)."""
    return Outbound("ZoneSubscribe", "POST", paths.zones(ctx), wire(body))


def removal_call(ctx: str, app_id: str, remote_instance_id: str, zone_id: str) -> Outbound:
    """RemoveApp of one instance at a partner."""
    path = paths.app_instance(ctx, camara_to_ewbi(app_id), remote_instance_id, zone_id)
    return Outbound("RemoveApp", "DELETE", path, None)
