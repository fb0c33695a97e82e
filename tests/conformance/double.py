"""A partner OP that breaks exactly ten rules, for the kit to find (federation, zones, pools).

1. UpdateFederation answers 201 (not a documented status).
2. CreateFederation answers 200 without ``Location``.
3. GetFederationDetails has an invalid IPv6 address (pattern) in ``lcmServiceEndPoint``.
4. An unknown federation is a 404 with ``application/json`` instead of problem+json.
5. A refused UpdateFederation body is a 400 with no ProblemDetails.
6. ZoneSubscribe sends no ``onZoneResourceUpdateEvent``.
7. ``onPartnerStatusEvent`` is sent late: only once the kit reads the federation afterwards.
8. ``onResourceStatusChangeEvent`` lacks ``grantedFlavours``.
9. Another client reads the federation (isolation).
10. A garbled token is accepted.
Everything else it does is what the contract says.
"""

from __future__ import annotations

import json
import secrets
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiohttp import web

from op_platform.conformance import bodies
from op_platform.models.ewbi import paths
from tests.conformance.helpers import KIT, KIT2

PROBLEM = "application/problem+json"
ZONE = {"zoneId": "dz-1", "geolocation": "10.0,20.0", "geographyDetails": "Double zone"}
POINT = {"port": 443, "fqdn": "double.invalid"}
COMPUTE = {"cpuArchType": "ISA_X86_64", "numCPU": 4, "memory": 4096, "diskStorage": 40}
FLAVOUR = {
    "flavourId": "df-small",
    "cpuArchType": "ISA_X86_64",
    "supportedOSTypes": [bodies.os_type()],
    "numCPU": 2,
    "memorySize": 2048,
    "storageSize": 20,
}


def problem(status: int, content_type: str = PROBLEM) -> web.Response:
    body = {"title": "error", "status": status, "detail": f"refused with {status}"}
    return web.Response(status=status, text=json.dumps(body), content_type=content_type)


@dataclass
class Double:
    http: httpx.AsyncClient
    tokens: dict[str, str] = field(default_factory=dict)
    feds: dict[str, dict[str, Any]] = field(default_factory=dict)
    pools: dict[str, str] = field(default_factory=dict)

    def app(self) -> web.Application:
        app = web.Application()
        root = paths.EWBI_ROOT
        app.router.add_post(paths.OAUTH_TOKEN, self.token)
        app.router.add_post(root + paths.PARTNER, self.create)
        app.router.add_get(root + paths.FEDERATION, self.read)
        app.router.add_patch(root + paths.FEDERATION, self.update)
        app.router.add_delete(root + paths.FEDERATION, self.delete)
        app.router.add_post(root + paths.ZONES, self.subscribe)
        app.router.add_get(root + paths.ZONE, self.zone)
        app.router.add_delete(root + paths.ZONE, self.zone)
        app.router.add_post(root + paths.RESOURCE_POOLS, self.create_pool)
        app.router.add_get(root + paths.RESOURCE_POOLS, self.view_pools)
        app.router.add_patch(root + paths.RESOURCE_POOL, self.pool)
        app.router.add_delete(root + paths.RESOURCE_POOL, self.pool)
        return app

    async def token(self, request: web.Request) -> web.Response:
        form = await request.post()
        auth = request.headers.get("Authorization", "")
        client = next(
            (c for c, s in (KIT, KIT2) if auth == httpx.BasicAuth(c, s)._auth_header), None
        )
        if client is None:
            return web.json_response({"error": "invalid_client"}, status=401)
        if form.get("scope") != "fed-mgmt":
            return web.json_response({"error": "invalid_scope"}, status=400)
        token = secrets.token_hex(16)
        self.tokens[token] = client
        return web.json_response({"access_token": token, "expires_in": 600, "scope": "fed-mgmt"})

    def client(self, request: web.Request) -> str | None:
        token = request.headers.get("Authorization", "")[7:]
        if token.startswith("kit-garbled-"):
            return KIT[0]  # rule 10
        return self.tokens.get(token)

    def fed(self, request: web.Request) -> dict[str, Any] | None:
        return self.feds.get(request.match_info["federationContextId"])

    async def post(self, url: str, body: dict[str, Any], creds: dict[str, str]) -> None:
        token = await self.http.post(
            creds["tokenUrl"],
            data={"grant_type": "client_credentials"},
            auth=(creds["clientId"], creds["clientSecret"]),
        )
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        await self.http.post(url, json=body, headers=headers)

    async def create(self, request: web.Request) -> web.Response:
        if self.client(request) is None:
            return problem(401)
        body = await request.json()
        if any(f["orig"] == body["origOPFederationId"] for f in self.feds.values()):
            return problem(409)
        ctx = str(uuid.uuid4())
        self.feds[ctx] = {"orig": body["origOPFederationId"], "request": body, "late": True}
        answer = {
            "partnerOPFederationId": "double-op",
            "federationContextId": ctx,
            "edgeDiscoveryServiceEndPoint": POINT,
            "lcmServiceEndPoint": POINT,
            "offeredAvailabilityZones": [ZONE],
        }
        return web.json_response(answer)  # rule 2: no Location

    async def read(self, request: web.Request) -> web.Response:
        client, fed = self.client(request), self.fed(request)
        if client is None:
            return problem(401)
        if fed is None:
            return problem(404, "application/json")  # rule 4
        point = dict(POINT)
        if request.headers["Authorization"][7:] in self.tokens and client == KIT[0]:
            point = {"port": 443, "ipv6Addresses": ["2001:db8::zz"]}  # rule 3
        if fed.pop("late", False):  # rule 7: the kit has given up waiting by now
            request_body = fed["request"]
            event = {
                "objectType": "FEDERATION",
                "operationType": "STATUS",
                "federationStatus": "AVAILABLE",
                "modificationDate": "2030-01-01T00:00:00Z",
            }
            await self.post(
                request_body["federationNotificationDest"],
                event,
                request_body["partnerCallbackCredentials"],
            )
        info = {
            "edgeDiscoveryServiceEndPoint": POINT,
            "lcmServiceEndPoint": point,
            "offeredAvailabilityZones": [ZONE],
        }
        return web.json_response(info)  # rule 9: any client may read it

    async def update(self, request: web.Request) -> web.Response:
        body = await request.json()
        if "objectType" not in body:
            return web.Response(status=400, content_type=PROBLEM)  # rule 5: no body
        return web.json_response(
            {"lcmServiceEndPoint": POINT, "edgeDiscoveryServiceEndPoint": POINT}, status=201
        )  # rule 1

    async def delete(self, request: web.Request) -> web.Response:
        return (
            web.Response(status=200)
            if self.feds.pop(request.match_info["federationContextId"], None)
            else problem(404)
        )

    async def subscribe(self, request: web.Request) -> web.Response:
        await request.json()  # rule 6: no onZoneResourceUpdateEvent
        data = {
            "zoneId": ZONE["zoneId"],
            "reservedComputeResources": [COMPUTE],
            "computeResourceQuotaLimits": [COMPUTE],
            "flavoursSupported": [FLAVOUR],
        }
        return web.json_response({"acceptedZoneResourceInfo": [data]})

    async def zone(self, request: web.Request) -> web.Response:
        if request.match_info["zoneId"] != ZONE["zoneId"]:
            return problem(404)
        if request.method == "DELETE":
            return web.Response(status=200)
        data = {
            "zoneId": ZONE["zoneId"],
            "reservedComputeResources": [COMPUTE],
            "computeResourceQuotaLimits": [COMPUTE],
            "flavoursSupported": [FLAVOUR],
        }
        return web.json_response(data)

    async def create_pool(self, request: web.Request) -> web.Response:
        body, fed = await request.json(), self.fed(request)
        assert fed is not None
        pool_id = "pool_" + secrets.token_hex(4)
        self.pools[pool_id] = body["resRequest"]["poolName"]
        event = {
            "appProviderId": request.match_info["appProviderId"],
            "poolId": pool_id,
            "zoneId": request.match_info["zoneId"],
        }  # rule 8: no grantedFlavours
        creds = fed["request"]["partnerCallbackCredentials"]
        await self.post(body["resourceReservationCallbackLink"], event, creds)
        return web.json_response({"poolId": pool_id, "poolName": self.pools[pool_id]})

    async def view_pools(self, request: web.Request) -> web.Response:
        return web.json_response(
            [
                {
                    "poolName": name,
                    "reservedPoolId": pid,
                    "reservedFlavours": [{"flavourId": "df-small", "count": 1}],
                }
                for pid, name in self.pools.items()
            ]
        )

    async def pool(self, request: web.Request) -> web.Response:
        if request.match_info["poolId"] not in self.pools:
            return problem(404)
        if request.method == "DELETE":
            del self.pools[request.match_info["poolId"]]
        return web.Response(status=200)
