"""The demo's last act: an app provider at operator 1 installs the cross-network app in a zone of
operator 2 through the NBI; operator 2 runs it (EWBI InstallApp) and, once it is READY, steers
its traffic at its own NEF. Prints the traffic influence subscription and the EAS deployment
operator 2's NEF holds."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from mec_mocks.nef import paths as nef_paths
from op_platform import roots
from op_platform.demo.topology import PROVIDER_CLIENT, Operator, provider_secret
from op_platform.services.identifiers import zone_uuid

DEADLINE = 60.0
APP_NAME = "Demo_App"  # the cross-network package's app, as the NBI names it
APP_PROVIDER = "ACME_Apps"


def manifest(version: str, target: str) -> dict[str, Any]:
    return {
        "name": APP_NAME,
        "appProvider": APP_PROVIDER,
        "version": version,
        "packageType": "CONTAINER",
        "operatingSystem": {
            "architecture": "x86_64",
            "family": "UBUNTU",
            "version": "OS_VERSION_UBUNTU_2204_LTS",
            "license": "OS_LICENSE_TYPE_FREE",
        },
        "appRepo": {"type": "PUBLICREPO", "imagePath": f"https://registry.example/demo:{version}"},
        "requiredResources": {"infraKind": "container", "numCPU": "500m", "memory": 1024},
        "componentSpec": [
            {
                "componentName": "demo_server",
                "networkInterfaces": [
                    {
                        "interfaceId": "web_api",
                        "protocol": "TCP",
                        "port": 8443,
                        "visibilityType": "VISIBILITY_EXTERNAL",
                    }
                ],
            }
        ],
        "edgeCloudProviders": [target],
    }


async def _until(what: str, check: Callable[[], Awaitable[Any]]) -> Any:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        found = await check()
        if found:
            return found
        await asyncio.sleep(0.1)
    raise TimeoutError(f"{what} did not happen within {DEADLINE:.0f} s")


async def _token(http: httpx.AsyncClient, operator: Operator) -> dict[str, str]:
    response = await http.post(
        operator.op.url + roots.OAUTH_TOKEN,
        data={"grant_type": "client_credentials"},
        auth=(PROVIDER_CLIENT, provider_secret(operator.operator_id)),
    )
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def install_and_show(
    http: httpx.AsyncClient, origin: Operator, target: Operator, version: str, line: Any
) -> dict[str, Any]:
    """Install the app in ``target``'s first zone from ``origin``'s NBI; what ``target``'s NEF
    holds for it."""
    nbi = origin.op.url + roots.NBI
    headers = await _token(http, origin)
    submitted = await http.post(
        nbi + "/apps", json=manifest(version, target.operator_id), headers=headers
    )
    submitted.raise_for_status()
    app_id = submitted.json()["appId"]

    async def onboarded() -> bool:
        shown = (await http.get(f"{nbi}/apps/{app_id}", headers=headers)).json()
        found = {s["edgeCloudProvider"]: s["status"] for s in shown["appOnboardingStatus"]}
        if found.get(target.operator_id) == "failed":
            raise RuntimeError(f"the app was not onboarded at {target.operator_id}")
        return found.get(target.operator_id) == "onboarded"

    await _until(f"onboarding at {target.operator_id}", onboarded)
    zone = target.settings.zones[0]
    body = {
        "name": "demo_at_two",
        "appId": app_id,
        "edgeCloudZoneId": zone_uuid(target.operator_id, zone.zone_id),
    }
    created = await http.post(nbi + "/appinstances", json=body, headers=headers)
    created.raise_for_status()
    instance_id = created.json()["appInstanceId"]
    line(
        f"  instance {instance_id} of {APP_NAME} {version} in zone {zone.zone_id}"
        f" of {target.operator_id} (NBI at {origin.operator_id}, EWBI InstallApp)"
    )

    async def ready() -> dict[str, Any] | None:
        listed = await http.get(nbi + "/appinstances", params={"appId": app_id}, headers=headers)
        items = [i for i in listed.json() if i["appInstanceId"] == instance_id]
        return items[0] if items and items[0]["status"] == "ready" else None

    await _until("the instance READY", ready)

    async def held() -> tuple[dict[str, Any], dict[str, Any]] | None:
        items = (await http.get(target.nef.url + nef_paths.ADMIN_SUBSCRIPTIONS)).json()
        ti = [i for i in items if i["api"] == "traffic-influence"]
        eas = [i for i in items if i["api"] == "eas-deployment"]
        return (ti[0], eas[0]) if ti and eas else None

    ti, eas = await _until(f"steering at nef-{target.operator_id}", held)
    (route,) = ti["body"]["trafficRoutes"]
    fqdn = eas["body"]["fqdnPatternList"][0]["stringMatchingRule"]["stringMatchingConditions"][0]
    line(
        f"  nef-{target.operator_id} traffic influence {ti['id']}: app {ti['body']['afAppId']},"
        f" any UE -> DNAI {route['dnai']} {route['routeInfo']['ipv4Addr']}:"
        f"{route['routeInfo']['portNumber']}"
    )
    line(
        f"  nef-{target.operator_id} EAS deployment {eas['id']}: {fqdn['matchingString']}"
        f" at DNAI {', '.join(eas['body']['dnaiInfos'])}"
    )
    return {
        "operator": target.operator_id,
        "zone": zone.zone_id,
        "appInstanceId": instance_id,
        "trafficInfluence": ti["body"],
        "easDeployment": eas["body"],
    }
