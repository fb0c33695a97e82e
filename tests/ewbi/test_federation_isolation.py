"""A federation context belongs to the client that created it: any other client gets 404."""

from __future__ import annotations

import json
from typing import Any

import httpx

from op_platform.models.ewbi import paths
from tests.conftest import OpFactory
from tests.helpers.federation import create_federation, ewbi, federation_body, headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SCOPES, TEST_SECRET

INTRUDER = "intruder-client"
INTRUDER_SECRET = "intruder-client-secret"


async def test_another_client_gets_404_on_every_operation(
    http: httpx.AsyncClient, start_ops: OpFactory
) -> None:
    op = await start_ops(
        clients=[
            {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES},
            {"client_id": INTRUDER, "client_secret": INTRUDER_SECRET, "scopes": TEST_SCOPES},
        ]
    )
    owner = await headers_for(http, op.url)
    intruder = await headers_for(http, op.url, INTRUDER, INTRUDER_SECRET)
    body = federation_body("http://127.0.0.1:9")
    ctx = (await create_federation(http, op.url, owner, body))["federationContextId"]
    link = "http://127.0.0.1:9/zones"
    subscribed = await http.post(
        ewbi(op.url, paths.zones(ctx)),
        json={"acceptedAvailabilityZones": ["zone-1"], "availZoneNotifLink": link},
        headers=owner,
    )
    assert subscribed.status_code == 200
    before = (await http.get(ewbi(op.url, paths.federation(ctx)), headers=owner)).json()

    update = {
        "objectType": "FIXED_NETWORK_CODES",
        "operationType": "UPDATE_CODES",
        "addFixedNetworkIds": ["STOLEN"],
        "modificationDate": "2024-02-01T00:00:00Z",
    }
    attempts: list[tuple[str, str, Any]] = [
        ("GET", paths.federation(ctx), None),
        ("PATCH", paths.federation(ctx), update),
        ("DELETE", paths.federation(ctx), None),
        (
            "POST",
            paths.zones(ctx),
            {"acceptedAvailabilityZones": ["zone-2"], "availZoneNotifLink": link},
        ),
        ("GET", paths.zone(ctx, "zone-1"), None),
        ("DELETE", paths.zone(ctx, "zone-1"), None),
    ]
    for method, path, payload in attempts:
        response = await http.request(method, ewbi(op.url, path), json=payload, headers=intruder)
        assert response.status_code == 404, (method, path, response.text)
        problem = response.json()
        assert problem["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
        told = json.dumps({k: v for k, v in problem.items() if k != "instance"})
        told = told.replace(ctx, "")  # the random id itself may contain any digits
        for secret in ("208", "FR-FIX-1", "zone-1", TEST_CLIENT):
            assert secret not in told, (method, path)
        # Indistinguishable from a context that does not exist at all.
        unknown = await http.request(
            method,
            ewbi(op.url, path.replace(ctx, "no-such-context")),
            json=payload,
            headers=intruder,
        )
        assert unknown.status_code == 404
        assert unknown.json()["cause"] == problem["cause"]

    # The owner's federation is untouched.
    after = await http.get(ewbi(op.url, paths.federation(ctx)), headers=owner)
    assert after.status_code == 200 and after.json() == before
    zone = await http.get(ewbi(op.url, paths.zone(ctx, "zone-1")), headers=owner)
    assert zone.status_code == 200
    assert (
        await http.get(ewbi(op.url, paths.zone(ctx, "zone-2")), headers=owner)
    ).status_code == 404

    # The same origOPFederationId from another client is another federation, not a conflict.
    theirs = await create_federation(http, op.url, intruder, body)
    assert theirs["federationContextId"] != ctx
    mine = await http.get(
        ewbi(op.url, paths.federation(theirs["federationContextId"])), headers=owner
    )
    assert mine.status_code == 404
