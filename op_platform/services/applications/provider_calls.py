"""The EWBI calls that carry an NBI (CAMARA) application to a partner OP, built typed.

Onboarding is the three standard calls (:mod:`services.applications.standard_onboarding`) for a
:class:`StandardApp` made from the manifest: UploadFile of the manifest's image repository as a
PUBLICREPO image -> UploadArtefact with a component spec per NBI component -> OnboardApplication.
InstallApp (preceded by a ZoneSubscribe when the zone is not subscribed yet), RemoveApp and
DeleteApp are single calls. The caller queues them in the outbox; the partner's instance id
comes back in InstallApp's answer, which the outbox hands to its result handler.
"""

from __future__ import annotations

import re
from typing import Any

from op_platform.clients.ewbi import calls
from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.clients.ewbi.forms import label, version
from op_platform.models.ewbi.lcm import InstallAppRequest, InstallAppResponse
from op_platform.models.ewbi.zones import ZoneRegistrationRequestData, ZoneRegistrationResponseData
from op_platform.services.applications.standard_onboarding import StandardApp, standard_calls
from op_platform.services.identifiers import (
    camara_to_ewbi,
    ewbi_provider_id,
    nbi_artefact_id,
    nbi_file_id,
)

FILE_TYPES = {"QCOW2": "QCOW2", "OVA": "OVA"}  # every other package type is a container image
OS_DISTRIBUTIONS = {"RHEL": "RHEL", "UBUNTU": "UBUNTU", "COREOS": "COREOS", "WINDOWS": "WINDOWS"}
OS_VERSIONS = {"OS_VERSION_UBUNTU_2204_LTS", "OS_VERSION_RHEL_8", "OS_MS_WINDOWS_2022"}


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


def _interfaces(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "interfaceId": _interface_id(str(iface["interfaceId"])),
            "commProtocol": iface["protocol"] if iface["protocol"] != "ANY" else "TCP",
            "commPort": int(iface["port"]),
            "visibilityType": iface["visibilityType"],
            "network": "default_net",
        }
        for iface in spec.get("networkInterfaces") or []
    ]


def standard_app(app_id: str, manifest: dict[str, Any]) -> StandardApp:
    """The manifest as the standard onboarding calls carry it."""
    resources = manifest.get("requiredResources") or {}
    repo = manifest.get("appRepo") or {}
    return StandardApp(
        key=app_id,
        app_id=camara_to_ewbi(app_id),
        provider=ewbi_provider_id(str(manifest["appProvider"])),
        name=label(str(manifest["name"]), app_id),
        version=version(str(manifest.get("version", "1"))),
        file_id=nbi_file_id(app_id),
        artefact_id=nbi_artefact_id(app_id),
        description=f"image of {manifest['name']}",
        image_url=str(repo.get("imagePath", "")),
        file_type=FILE_TYPES.get(str(manifest.get("packageType")), "DOCKER"),
        checksum=str(repo["checksum"]) if repo.get("checksum") else None,
        os_type=os_type(manifest),
        virt="VM_TYPE" if resources.get("infraKind") == "virtualMachine" else "CONTAINER_TYPE",
        resources={
            "cpuArchType": "ISA_X86_64",
            "numCPU": _cpu(resources),
            "memory": _memory(resources),
            "diskStorage": 10,
        },
        components=[
            (str(spec.get("componentName", "component")), _interfaces(spec))
            for spec in manifest.get("componentSpec") or []
        ],
    )


def onboarding_calls(
    ctx: str,
    app_id: str,
    manifest: dict[str, Any],
    zones: list[str],
    country_code: str,
    status_link: str,
) -> list[EwbiCall[None]]:
    """UploadFile, UploadArtefact, OnboardApplication for one app at one partner, in order."""
    placed = [(country_code, zone) for zone in zones]
    return standard_calls(ctx, standard_app(app_id, manifest), placed, status_link)


def deletion_call(ctx: str, app_id: str) -> EwbiCall[None]:
    """DeleteApp of an NBI app at a partner (every zone, every instance)."""
    return calls.delete_app(ctx, camara_to_ewbi(app_id))


def required(manifest: dict[str, Any]) -> tuple[int, int]:
    """The CPUs and memory (MB) the manifest asks for."""
    resources = manifest.get("requiredResources") or {}
    return _cpu(resources), _memory(resources)


def deboard_call(ctx: str, app_id: str, zone_id: str) -> EwbiCall[None]:
    """DeboardApplication of an NBI app from one partner zone (the standard removal)."""
    return calls.deboard_application(ctx, camara_to_ewbi(app_id), zone_id)


def install_call(
    ctx: str,
    app_id: str,
    manifest: dict[str, Any],
    zone_id: str,
    callback_link: str,
    flavour_id: str,
) -> EwbiCall[InstallAppResponse]:
    """InstallApp of an onboarded NBI app on a partner zone, with one of its flavours."""
    body = InstallAppRequest.model_validate(
        {
            "appId": camara_to_ewbi(app_id),
            "appVersion": version(str(manifest.get("version", "1"))),
            "appProviderId": ewbi_provider_id(str(manifest["appProvider"])),
            "zoneInfo": {"zoneId": zone_id, "flavourId": flavour_id},
            "appInstCallbackLink": callback_link,
        }
    )
    return calls.install_app(ctx, body)


def subscription_call(
    ctx: str, body: ZoneRegistrationRequestData
) -> EwbiCall[ZoneRegistrationResponseData]:
    """ZoneSubscribe (a partner installs only on zones we subscribed to)."""
    return calls.zone_subscribe(ctx, body)


def removal_call(ctx: str, app_id: str, remote_instance_id: str, zone_id: str) -> EwbiCall[None]:
    """RemoveApp of one instance at a partner."""
    return calls.remove_app(ctx, camara_to_ewbi(app_id), remote_instance_id, zone_id)
