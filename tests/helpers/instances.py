"""Test helpers for application instances, pools, discovery: a federation with an onboarded app."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.tables.application_rows import ONBOARDED, AppRow, AppZoneRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from tests.helpers.applications import (
    PROVIDER,
    artefact_form,
    component_spec,
    new_context,
    onboard_body,
    upload_file,
)
from tests.helpers.federation import ewbi, headers_for
from tests.helpers.servers import RunningOp

APP_ID = "edge_app_lcm1"
INTERFACES = [
    {
        "interfaceId": "web_interface",
        "commProtocol": "HTTP_HTTPS",
        "commPort": 8443,
        "visibilityType": "VISIBILITY_EXTERNAL",
        "network": "net_default",
    },
    {
        "interfaceId": "admin_interface",
        "commProtocol": "TCP",
        "commPort": 9000,
        "visibilityType": "VISIBILITY_INTERNAL",
        "network": "net_default",
    },
]


@dataclass
class Setup:
    op: RunningOp
    headers: dict[str, str]
    ctx: str
    app_id: str = APP_ID
    provider: str = PROVIDER

    def url(self, relative: str) -> str:
        return ewbi(self.op.url, relative)


async def onboard(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    app_id: str = APP_ID,
    zones: tuple[str, ...] = ("zone-1", "zone-2"),
) -> None:
    """Upload a file and an artefact exposing INTERFACES; the app ONBOARDED on ``zones``."""
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    spec = {**component_spec(file_id), "exposedInterfaces": INTERFACES}
    artefact_id = str(uuid.uuid4())
    form = artefact_form(artefact_id, file_id, componentSpec=json.dumps([spec]))
    parts = {name: (None, str(value)) for name, value in form.items()}
    response = await http.post(ewbi(op.url, paths.artefacts(ctx)), files=parts, headers=headers)
    assert response.status_code == 200, response.text
    body = onboard_body(app_id, artefact_id, "http://127.0.0.1:9/onboard", zones)
    # The application rows as OnboardApplication leaves them once every zone is ONBOARDED.
    async with op.app[PLATFORM].database.transaction() as session:
        repo = ApplicationRepository(session)
        await repo.add(
            AppRow(
                federation_context_id=ctx,
                app_id=app_id,
                app_provider_id=PROVIDER,
                meta_data=body["appMetaData"],
                qos_profile=body["appQoSProfile"],
                component_specs=body["appComponentSpecs"],
                status_callback_link=body["appStatusCallbackLink"],
            )
        )
        for zone in zones:
            await repo.add(
                AppZoneRow(
                    federation_context_id=ctx,
                    app_id=app_id,
                    zone_id=zone,
                    country_code="ES",
                    status=ONBOARDED,
                )
            )


async def set_zone(
    op: RunningOp,
    ctx: str,
    zone: str,
    *,
    status: str | None = None,
    forbidden: bool | None = None,
    app_id: str = APP_ID,
) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        repo = ApplicationRepository(session)
        row = await repo.zone(ctx, app_id, zone)
        assert row is not None
        if status is not None:
            row.status = status
        if forbidden is not None:
            row.forbidden = forbidden
        await repo.add(row)


async def subscribe_zones(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    zones: tuple[str, ...] | None = None,
) -> None:
    """ZoneSubscribe to ``zones`` (default: every zone the OP offers): instances and pools go
    only on subscribed zones."""
    assert op.settings is not None
    wanted = list(zones) if zones is not None else [z.zone_id for z in op.settings.zones]
    body = {
        "acceptedAvailabilityZones": wanted,
        "availZoneNotifLink": "http://127.0.0.1:9/zones",
    }
    response = await http.post(ewbi(op.url, paths.zones(ctx)), json=body, headers=headers)
    assert response.status_code == 200, response.text


async def federation_with_app(http: httpx.AsyncClient, op: RunningOp, **kw: Any) -> Setup:
    """A federation context that subscribed every zone of ``op``, with the app onboarded."""
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    await subscribe_zones(http, op, headers, ctx)
    await onboard(http, op, headers, ctx, **kw)
    return Setup(op, headers, ctx)


def install_body(callback: str, zone: str = "zone-1", **zone_info: Any) -> dict[str, Any]:
    return {
        "appId": APP_ID,
        "appVersion": "1.0",
        "appProviderId": PROVIDER,
        "zoneInfo": {"zoneId": zone, "flavourId": "fl-small", **zone_info},
        "appInstCallbackLink": callback,
    }
