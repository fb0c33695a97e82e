"""The steps of a flow only the MEO sees (DESIGN.md section 3): 1, the OSS's request; 2, the
MEO's local onboarding; 9, the remote outcome the MEO gives its OSS. They are read from the
MEO's package (``AppPkgInfo`` with ``x-remoteOnboarding``), never stored by the OP.

:class:`MeoSteps` keeps the steps of packages whose story is over (no further step can come),
so a page that refreshes asks the MEO only about flows still moving.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from op_platform.clients.meo_client import MeoClient
from op_platform.errors import OpError
from op_platform.models.meo import AppPkgInfo
from op_platform.services.flow.trace import hop_view
from op_platform.settings import Settings

TIMEOUT = 2.0
KEEP = 256
LOCAL_FINAL = {"ONBOARDED", "ERROR"}
REMOTE_FINAL = {"ONBOARDED", "FAILED"}


def _remote_entry(package: AppPkgInfo, target: str) -> dict[str, Any] | None:
    for entry in package.remoteOnboarding or []:
        if isinstance(entry, dict) and entry.get("targetNetworkId") == target:
            return entry
    return None


def package_steps(view: dict[str, Any], package: AppPkgInfo, meo: str) -> tuple[list[Any], bool]:
    """The MEO's steps of the flow ``view`` from its package, and whether they are final."""
    state = package.onboardingState or "?"
    hops = [
        hop_view(1, "oss", meo, f"onboard request ({view['appType']}, package {package.id})"),
        hop_view(2, meo, meo, f"local onboarding {state}"),
    ]
    if view["role"] != "origin":
        return hops, state in LOCAL_FINAL
    entry = _remote_entry(package, view["targetNetworkId"])
    remote = str((entry or {}).get("remoteState") or "PENDING")
    if remote in REMOTE_FINAL:
        at = (entry or {}).get("updatedAt")
        hops.append(
            hop_view(
                9, meo, "oss", f"remote state {remote}", at=at if isinstance(at, str) else None
            )
        )
    return hops, remote in REMOTE_FINAL


class MeoSteps:
    """The MEO's steps of each flow, cached once final (at most ``KEEP`` packages)."""

    def __init__(self) -> None:
        self.final: dict[str, list[dict[str, Any]]] = {}

    async def for_views(
        self, settings: Settings, http: httpx.AsyncClient, views: list[dict[str, Any]]
    ) -> dict[str, list[dict[str, Any]]]:
        """operationId -> the MEO's steps, for every origin or local flow with a package."""
        if settings.meo_url is None:
            return {}
        client = MeoClient(http, str(settings.meo_url), timeout=TIMEOUT)
        meo = f"meo-{settings.operator_id}"
        wanted = [v for v in views if v["role"] in {"origin", "local"} and v.get("meoAppPkgId")]
        found = await asyncio.gather(*(self._steps(client, meo, v) for v in wanted))
        return {v["operationId"]: hops for v, hops in zip(wanted, found, strict=True)}

    async def _steps(
        self, client: MeoClient, meo: str, view: dict[str, Any]
    ) -> list[dict[str, Any]]:
        key = f"{view['operationId']}:{view['meoAppPkgId']}"
        if key in self.final:
            return self.final[key]
        try:
            package = await client.package(view["meoAppPkgId"])
        except OpError:
            return []  # the MEO is away: the page shows what the OP recorded
        hops, final = package_steps(view, package, meo)
        if final:
            if len(self.final) >= KEEP:
                self.final.pop(next(iter(self.final)))
            self.final[key] = hops
        return hops
