"""Two OPs on loopback, each the other's partner, driving the whole EWBI with the client.

In both directions at once, the originating OP federates, subscribes to the partner's zones,
uploads an image file and an artefact, onboards an application, installs an instance and
reserves a resource pool, all through ``op_platform.clients.ewbi``; it receives every callback
(partner status, zone resources, onboard status per zone, instance PENDING then READY, pool
grant) and records it; the partner's outbox shows each callback delivered once. Then everything
is taken down again, each answer checked.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import EwbiClient, calls
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.applications import OnboardApplicationRequest
from op_platform.models.ewbi.artefacts import ArtefactUploadForm, FileUploadForm
from op_platform.models.ewbi.enums import InstanceState
from op_platform.models.ewbi.lcm import InstallAppRequest
from op_platform.models.ewbi.pools import CreateResourcePoolsRequest, UpdateISVResPoolRequest
from op_platform.services.deps import Deps
from op_platform.services.federation import partners
from op_platform.services.federation import received_callbacks as events
from tests.conftest import OpFactory
from tests.helpers.applications import IMAGE, artefact_form, component_spec, file_form
from tests.helpers.federation import OPS, start_pair, wait_for
from tests.helpers.instances import INTERFACES
from tests.helpers.servers import RunningOp

PROVIDER = "provider_one"
CALLBACK_KINDS = {
    "onPartnerStatusEvent",
    "onZoneResourceUpdateEvent",
    "onApplicationOnboardStatusEvent",
    "onInstanceStatusEvent",
    "onResourceStatusChangeEvent",
}


@dataclass
class Heard:
    """Every callback the OPs accepted, in order: (sending partner id, kind, body)."""

    events: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)

    async def listen(self, session: AsyncSession, event: events.ReceivedEvent) -> None:
        body = event.body.model_dump(mode="json", exclude_none=True)
        self.events.append((event.partner_id, event.kind, body))

    def of(self, sender: str, kind: str) -> list[dict[str, Any]]:
        return [body for who, k, body in self.events if who == sender and k == kind]

    def attach(self, op: RunningOp) -> None:
        """Listen to every callback kind ``op`` accepts."""
        for kind in events.KINDS:
            op.app[PLATFORM].listeners.add(kind, self.listen)


@pytest.fixture
def heard() -> Heard:
    return Heard()


def deps(op: RunningOp) -> Deps:
    return op.app[PLATFORM].deps


def link(op: RunningOp, name: str) -> str:
    assert op.settings is not None
    return paths.callback_link(op.settings.base_url, name)


async def admin(http: httpx.AsyncClient, op: RunningOp, path: str) -> Any:
    response = await http.get(op.url + "/admin" + path)
    assert response.status_code == 200, response.text
    return response.json()


async def reported(http: httpx.AsyncClient, op: RunningOp, ref: str) -> dict[tuple[str, str], Any]:
    """(kind, objectId/zoneId) -> state, from the admin view of ``op``'s record of a partner."""
    record = await admin(http, op, f"/federations/{ref}")
    return {(s["kind"], f"{s['object_id']}/{s['zone_id']}"): s["state"] for s in record["reported"]}


async def gone(call: Any) -> bool:
    try:
        await call()
    except PeerError as exc:
        return exc.peer_status == 404
    return False


@dataclass
class Direction:
    origin: RunningOp
    partner: RunningOp
    origin_id: str
    partner_id: str
    http: httpx.AsyncClient
    heard: Heard

    @property
    def zones(self) -> list[str]:
        return [str(z["zone_id"]) for z in OPS[self.partner_id]["zones"]]

    async def run(self) -> None:
        http, origin = self.http, self.origin
        # Federation and zones, recorded at the origin.
        row = await partners.create_federation(deps(origin), self.partner_id)
        ctx = row.federation_context_id
        row = await partners.subscribe_all(deps(origin), row.id)
        assert row.subscribed_zones == sorted(self.zones)
        client = deps(origin).partner_client(self.partner_id)
        info = await client.send(calls.get_federation_details(ctx))
        assert info.lcmServiceEndPoint.port == self.partner.port
        assert sorted(z.zoneId for z in info.offeredAvailabilityZones or []) == sorted(self.zones)
        zone = await client.send(calls.get_zone_data(ctx, self.zones[0]))
        assert zone.zoneId == self.zones[0]

        # Image file (uploaded bytes) and artefact (component spec referring to it).
        file_id, artefact_id = str(uuid.uuid4()), str(uuid.uuid4())
        await client.send(
            calls.upload_file(
                ctx, FileUploadForm.model_validate(file_form(file_id)), IMAGE, "image.qcow2"
            )
        )
        viewed = await client.send(calls.view_file(ctx, file_id))
        assert (viewed.fileId, viewed.repoType) == (file_id, "UPLOAD")
        spec = {**component_spec(file_id), "exposedInterfaces": INTERFACES}
        form = artefact_form(artefact_id, file_id, componentSpec=json.dumps([spec]))
        await client.send(calls.upload_artefact(ctx, ArtefactUploadForm.model_validate(form)))
        assert (await client.send(calls.get_artefact(ctx, artefact_id))).artefactId == artefact_id

        # Onboarding on every zone of the partner: ONBOARDED per zone at the origin.
        app_id = f"app_from_{self.origin_id.replace('-', '_')}"
        body = OnboardApplicationRequest.model_validate(
            {
                "appId": app_id,
                "appProviderId": PROVIDER,
                "appDeploymentZones": [
                    {"countryCode": OPS[self.partner_id]["country_code"], "zoneInfo": z}
                    for z in self.zones
                ],
                "appMetaData": {
                    "appName": "edge_app_one",
                    "version": "1.0",
                    "accessToken": "A" * 40,
                },
                "appQoSProfile": {"latencyConstraints": "LOW"},
                "appComponentSpecs": [
                    {
                        "serviceNameNB": "web_service",
                        "componentName": "web_component",
                        "artefactId": artefact_id,
                    }
                ],
                "appStatusCallbackLink": link(origin, "onApplicationOnboardStatusEvent"),
            }
        )
        await client.send(calls.onboard_application(ctx, body))

        async def onboarded() -> bool:
            states = await reported(http, origin, self.partner_id)
            return all(
                states.get(("application", f"{app_id}/{z}")) == "ONBOARDED" for z in self.zones
            )

        await wait_for(onboarded, what=f"{app_id} ONBOARDED at {self.origin_id}")
        app = await client.send(calls.view_application(ctx, app_id))
        assert sorted(z.zoneInfo for z in app.appDeploymentZones) == sorted(self.zones)

        # An instance on the first zone: PENDING then READY at the origin.
        zone_id = self.zones[0]
        install = InstallAppRequest.model_validate(
            {
                "appId": app_id,
                "appVersion": "1.0",
                "appProviderId": PROVIDER,
                "zoneInfo": {"zoneId": zone_id, "flavourId": "fl-small"},
                "appInstCallbackLink": link(origin, "onInstanceStatusEvent"),
            }
        )
        installed = await client.send(calls.install_app(ctx, install))
        assert installed.zoneId == zone_id
        instance_id = installed.appInstIdentifier

        async def ready() -> bool:
            states = await reported(http, origin, self.partner_id)
            return states.get(("instance", f"{instance_id}/{zone_id}")) == "READY"

        await wait_for(ready, what=f"instance READY at {self.origin_id}")
        details = await client.send(
            calls.get_app_instance_details(ctx, app_id, instance_id, zone_id)
        )
        assert details.appInstanceState == InstanceState.READY
        assert details.accesspointInfo
        listed = await client.send(calls.get_all_app_instances(ctx, app_id, PROVIDER))
        assert [
            (z.zoneId, [i.appInstIdentifier for i in z.appInstanceInfo]) for z in listed.root
        ] == [(zone_id, [instance_id])]

        # A resource pool: granted, reported at the origin.
        request = CreateResourcePoolsRequest.model_validate(
            {
                "resRequest": {
                    "poolName": "pool_alpha",
                    "flavours": [{"flavourId": "fl-small", "numFlavour": 2}],
                    "reserveDuration": {"numOfDays": 7},
                },
                "resourceReservationCallbackLink": link(origin, "onResourceStatusChangeEvent"),
            }
        )
        pool = await client.send(calls.create_resource_pools(ctx, zone_id, PROVIDER, request))

        async def granted() -> bool:
            states = await reported(http, origin, self.partner_id)
            return states.get(("pool", f"{pool.poolId}/{zone_id}")) == "GRANTED"

        await wait_for(granted, what=f"pool granted at {self.origin_id}")
        held = await client.send(calls.view_isv_res_pool(ctx, zone_id, PROVIDER))
        assert [(p.reservedPoolId, p.reservedFlavours[0].count) for p in held.root] == [
            (pool.poolId, 2)
        ]
        grow = UpdateISVResPoolRequest.model_validate(
            [{"updateType": "ADD", "flavourId": "fl-small", "count": 3}]
        )
        await client.send(calls.update_isv_res_pool(ctx, zone_id, PROVIDER, pool.poolId, grow))
        held = await client.send(calls.view_isv_res_pool(ctx, zone_id, PROVIDER))
        assert [p.reservedFlavours[0].count for p in held.root] == [3]

        def grants() -> list[int]:
            return [
                e["grantedFlavours"][0]["numFlavour"]
                for e in self.heard.of(self.partner_id, "pool")
                if e["poolId"] == pool.poolId
            ]

        await wait_for(lambda: grants() == [2, 3], what=f"pool grown at {self.origin_id}")

        await self.check_heard(app_id, instance_id, pool.poolId)
        await self.take_down(client, ctx, app_id, instance_id, zone_id, pool.poolId)

    async def check_heard(self, app_id: str, instance_id: str, pool_id: str) -> None:
        """The origin accepted every callback; the partner delivered each one once."""
        sender = self.partner_id
        assert self.heard.of(sender, "partner_status")
        zone_events = self.heard.of(sender, "zone_resources")
        assert {e["zoneId"] for e in zone_events} == set(self.zones)
        assert all(e["zoneResUpdInfo"][0]["availableCompResources"] for e in zone_events)
        onboard = [
            (info["zoneId"], info["onboardStatusInfo"])
            for e in self.heard.of(sender, "application")
            if e["appId"] == app_id
            for info in e["statusInfo"]
        ]
        assert {(z, "ONBOARDED") for z in self.zones} <= set(onboard)
        states = [
            e["appInstanceInfo"]["appInstanceState"]
            for e in self.heard.of(sender, "instance")
            if e["appInstIdentifier"] == instance_id
        ]
        assert states == ["PENDING", "READY"], states
        assert [e["poolId"] for e in self.heard.of(sender, "pool")] == [pool_id, pool_id]

        # The partner's outbox: every callback to the origin delivered, none twice, each one
        # accepted once by the origin (and nothing else arrived). The partner marks a message
        # delivered just after the origin answered, so wait for that.
        def accepted() -> Counter[str]:
            return Counter(
                {
                    name: len(self.heard.of(sender, kind))
                    for name, kind in (
                        ("onPartnerStatusEvent", "partner_status"),
                        ("onZoneResourceUpdateEvent", "zone_resources"),
                        ("onApplicationOnboardStatusEvent", "application"),
                        ("onInstanceStatusEvent", "instance"),
                        ("onResourceStatusChangeEvent", "pool"),
                    )
                }
            )

        assert set(+accepted()) == CALLBACK_KINDS

        async def settled() -> list[dict[str, Any]] | None:
            listing = await admin(self.http, self.partner, "/outbox?limit=1000")
            mine = [m for m in listing["messages"] if m["url"].startswith(self.origin.url)]
            if any(m["status"] != "delivered" for m in mine):
                return None
            kinds = Counter(m["url"].rsplit("/", 1)[1] for m in mine)
            return mine if kinds == accepted() else None

        delivered = await wait_for(settled, what=f"{sender}'s callbacks marked delivered")
        bodies = [
            (await admin(self.http, self.partner, f"/outbox/{m['id']}"))["body"] for m in delivered
        ]
        assert len({json.dumps(b, sort_keys=True) for b in bodies}) == len(bodies)
        listed = await admin(self.http, self.partner, "/outbox?status=delivered&limit=1000")
        assert {m["id"] for m in delivered} <= {m["id"] for m in listed["messages"]}

    async def take_down(
        self,
        client: EwbiClient,
        ctx: str,
        app_id: str,
        instance_id: str,
        zone_id: str,
        pool_id: str,
    ) -> None:
        await client.send(calls.remove_app(ctx, app_id, instance_id, zone_id))
        await wait_for(
            lambda: gone(
                lambda: client.send(
                    calls.get_app_instance_details(ctx, app_id, instance_id, zone_id)
                )
            ),
            what="instance removed",
        )
        await client.send(calls.remove_isv_res_pool(ctx, zone_id, PROVIDER, pool_id))
        assert (await client.send(calls.view_isv_res_pool(ctx, zone_id, PROVIDER))).root == []
        await client.send(calls.delete_app(ctx, app_id))
        await wait_for(
            lambda: gone(lambda: client.send(calls.view_application(ctx, app_id))),
            what="application deleted",
        )
        await partners.delete_federation(deps(self.origin), self.partner_id)
        assert await gone(lambda: client.send(calls.get_federation_details(ctx)))
        response = await self.http.get(self.origin.url + f"/admin/federations/{self.partner_id}")
        assert response.status_code == 404


async def test_whole_interface_both_ways_at_once(
    start_ops: OpFactory, http: httpx.AsyncClient, heard: Heard
) -> None:
    ops = await start_pair(start_ops)
    for op in ops.values():
        heard.attach(op)
    a, b = ops["op-a"], ops["op-b"]
    await asyncio.gather(
        Direction(a, b, "op-a", "op-b", http, heard).run(),
        Direction(b, a, "op-b", "op-a", http, heard).run(),
    )
