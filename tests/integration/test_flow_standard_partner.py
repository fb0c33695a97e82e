"""The flow toward a partner that offers only the standard OPG.04 operations (no variant)."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
from sqlmodel import select

from op_platform.db.tables import ArtefactRow, FileRow
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.demo.topology import Operator, start_all, stop_all
from op_platform.keys import PLATFORM
from op_platform.platform import Platform
from tests.integration.flow_helpers import federate, onboard_at, operations, operators, package


async def test_standard_only_partner_reaches_onboarded(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    ops = await operators(
        tmp_path, new_database, overrides={"op-2": {"flow": {"offer_variant": False}}}
    )
    one, two = ops
    await start_all(ops)
    try:
        refused = await http.get(two.op.url + "/openapi/ewbi.yaml")
        assert "/op_target_systems/" not in refused.text
        await federate(one, two)
        result = await onboard_at(one, two, package(tmp_path), "cross-network")
        assert result.ok, result.to_dict()
        origin = [o for o in await operations(http, one) if o["role"] == "origin"]
        assert origin[0]["mode"] == "standard" and origin[0]["state"] == "ONBOARDED"
        sent = [h["action"] for h in origin[0]["hops"] if h["step"] == 4]
        assert sent == ["UploadFile", "UploadArtefact", "OnboardApplication"]
        app_id = origin[0]["remoteAppId"]
        ctx = origin[0]["federationContextId"]
        from tests.helpers.auth import bearer, fetch_token

        token = await fetch_token(http, two.op.url, "op-1", "op-1-at-op-2-demo-secret")
        view = await http.get(
            f"{two.op.url}/operatorplatform/federation/v1/{ctx}/application/onboarding/app/{app_id}",
            headers=bearer(token),
        )
        assert view.status_code == 200, view.text
        assert view.json()["appId"] == app_id
    finally:
        await stop_all(ops)


def platform_of(operator: Operator) -> Platform:
    app = operator.op.app
    assert app is not None
    return app[PLATFORM]


async def test_standard_partner_is_given_a_package_location_it_can_reach(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    """The file and artefact locations name the originating OP's public URL (not the OSS's
    own server), and the package is served there to the holder of the token only."""
    ops = await operators(
        tmp_path, new_database, overrides={"op-2": {"flow": {"offer_variant": False}}}
    )
    one, two = ops
    await start_all(ops)
    try:
        await federate(one, two)
        path = package(tmp_path)
        result = await onboard_at(one, two, path, "cross-network")
        assert result.ok, result.to_dict()
        async with platform_of(two).database.transaction() as session:
            files = (await session.exec(select(FileRow))).all()
            artefacts = (await session.exec(select(ArtefactRow))).all()
        url = files[0].repo_location["repoURL"]  # type: ignore[index]
        assert url.startswith(one.settings.partner_url + "/flow-packages/")
        assert artefacts[0].repo_location["repoURL"] == url  # type: ignore[index]
        async with platform_of(one).database.transaction() as session:
            operation = (await session.exec(select(FlowOperationRow))).one()
        token = operation.result["packageToken"]
        served = await http.get(url, headers={"Authorization": f"Bearer {token}"})
        assert served.status_code == 200, served.text
        assert served.content == path.read_bytes()
        assert hashlib.sha256(served.content).hexdigest() == operation.checksum_hash
        refused = await http.get(url, headers={"Authorization": "Bearer not-the-token"})
        assert refused.status_code == 401
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert (await http.get(url)).status_code == 401
        views = await operations(http, one)
        assert "packageToken" not in views[0]["result"]
    finally:
        await stop_all(ops)
