"""The flow toward a partner that offers only the standard OPG.04 operations (no variant)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from op_platform.demo.topology import start_all, stop_all
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
