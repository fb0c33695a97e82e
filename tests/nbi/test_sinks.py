"""Subscription sinks: https only (CAMARA), plain http when ``nbi.allow_http_sinks`` is set."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
from aiohttp import web

from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp, serve
from tests.nbi.helpers import clients, headers, nbi, poll
from tests.nbi.test_instances import ZONE, instance_body, new_app

SPEC = "nbi.yaml"
FAST = {
    "outbox": {"poll_interval": 0.2, "base_delay": 0.1, "max_delay": 0.5},
    "instances": {"poll_interval": 0.1, "deploy_seconds": 0.2, "terminate_seconds": 0.2},
}


async def test_http_sinks_refused_by_default(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    app_id = await new_app(http, nbi_op, h)
    plain = {"sink": "http://127.0.0.1:9/notifications"}
    instance = {**instance_body(app_id), "subscriptionRequest": plain}
    deployment = {
        "appDeploymentName": "arena_dep",
        "appId": app_id,
        "edgeCloudZones": [ZONE],
        "subscriptionRequest": plain,
    }
    for path, body, operation in (
        ("/appinstances", instance, "createAppInstance"),
        ("/deployments", deployment, "createAppDeployment"),
    ):
        response = await http.post(nbi(nbi_op.url, path), json=body, headers=h)
        assert response.status_code == 400, response.text
        assert response.json()["code"] == "INVALID_ARGUMENT"
        assert "nbi.allow_http_sinks" in response.json()["message"]
        assert_conforms(response, operation, SPEC)
    assert (await http.get(nbi(nbi_op.url, "/appinstances"), headers=h)).json() == []
    assert (await http.get(nbi(nbi_op.url, "/deployments"), headers=h)).json() == []
    other = {**instance_body(app_id), "subscriptionRequest": {"sink": "ftp://127.0.0.1/x"}}
    refused = await http.post(nbi(nbi_op.url, "/appinstances"), json=other, headers=h)
    assert refused.status_code == 400
    assert refused.json()["code"] == "INVALID_ARGUMENT"


async def test_http_sink_allowed_by_setting(
    http: httpx.AsyncClient, start_ops: Callable[..., Awaitable[RunningOp]]
) -> None:
    received: list[dict[str, Any]] = []

    async def receive(request: web.Request) -> web.Response:
        received.append(json.loads(await request.text()))
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/notifications", receive)
    sink = await serve(app)
    try:
        op = await start_ops(
            operator_id="op-nbi", clients=clients(), nbi={"allow_http_sinks": True}, **FAST
        )
        h = await headers(http, op.url)
        app_id = await new_app(http, op, h)
        body = {
            **instance_body(app_id),
            "subscriptionRequest": {"sink": f"{sink.url}/notifications"},
        }
        created = await http.post(nbi(op.url, "/appinstances"), json=body, headers=h)
        assert created.status_code == 202, created.text
        assert_conforms(created, "createAppInstance", SPEC)
        instance_id = created.json()["appInstanceId"]

        def statuses() -> list[str]:
            return [
                e["data"]["status"]
                for e in received
                if isinstance(e, dict) and e["data"]["appInstanceId"] == instance_id
            ]

        async def ready() -> bool:
            return statuses()[-1:] == ["ready"]

        await poll(ready)
        assert statuses() == ["instantiating", "ready"]
    finally:
        await sink.stop()
