"""Shared steps of the flow tests: topology up, federations made, packages onboarded."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from mec_mocks.oss.onboard import OnboardResult, onboard
from mec_mocks.oss.package import make_package
from op_platform.demo.topology import Operator, build, start_all, stop_all
from op_platform.keys import PLATFORM
from op_platform.services.deps import Deps
from op_platform.services.federation import partners


async def operators(
    tmp_path: Path,
    new_database: Callable[[str], Awaitable[str]],
    count: int = 2,
    overrides: dict[str, dict[str, Any]] | None = None,
) -> list[Operator]:
    databases = [await new_database(f"op{n + 1}") for n in range(count)]
    return build(count, tmp_path, databases=databases, overrides=overrides)


def partner_deps(operator: Operator) -> Deps:
    app = operator.op.app
    assert app is not None
    return app[PLATFORM].deps


async def federate(origin: Operator, partner: Operator, *, subscribe: bool = False) -> None:
    """Federate ``origin`` with ``partner``; with ``subscribe``, also subscribe every zone the
    partner offers (needed before installing instances or reserving pools there)."""
    row = await partners.create_federation(partner_deps(origin), partner.operator_id)
    if subscribe:
        await partners.subscribe_all(partner_deps(origin), row.id)


@contextlib.asynccontextmanager
async def federated_pair(
    tmp_path: Path,
    new_database: Callable[[str], Awaitable[str]],
    overrides: dict[str, dict[str, Any]] | None = None,
) -> AsyncIterator[tuple[Operator, Operator]]:
    """op-1 and op-2 running, op-1 federated with op-2; stopped on exit."""
    ops = await operators(tmp_path, new_database, overrides=overrides)
    await start_all(ops)
    try:
        await federate(ops[0], ops[1])
        yield ops[0], ops[1]
    finally:
        await stop_all(ops)


def package(tmp_path: Path, name: str = "Demo App", version: str = "1.0.0") -> Path:
    path = tmp_path / f"{name.replace(' ', '-').lower()}-{version}.zip"
    make_package(path, name=name, version=version)
    return path


async def onboard_at(
    operator: Operator, target: Operator, path: Path, app_type: str
) -> OnboardResult:
    return await onboard(
        meo_url=operator.meo_api,
        target_network=target.network_id,
        app_type=app_type,
        package=path,
        wait=True,
        wait_remote=app_type == "cross-network",
        wait_timeout=60.0,
        poll_interval=0.1,
    )


async def meo_packages(http: httpx.AsyncClient, operator: Operator) -> list[dict[str, Any]]:
    response = await http.get(operator.meo_api + "/app_packages")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def operations(http: httpx.AsyncClient, operator: Operator) -> list[dict[str, Any]]:
    response = await http.get(operator.op.url + "/admin/operations")
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body
