"""Two federated OPs: a device near an OP2 zone asking OP1 is sent to that zone, and, once an
app onboarded at OP2 from OP1 over the EWBI has a READY instance there, to that instance."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from sqlmodel import select

from op_platform.db.tables import PartnerReportedStateRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.federation import partners
from op_platform.services.identifiers import ewbi_app_id, zone_uuid
from tests.conftest import OpFactory
from tests.helpers.applications import (
    PROVIDER,
    artefact_form,
    component_spec,
    onboard_body,
    upload_file,
)
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import ewbi, start_pair, wait_for
from tests.helpers.instances import INTERFACES
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp
from tests.integration.test_federation_two_ops import deps

ROOT = "/simple-edge-discovery/v2"
APP_NAME, APP_VERSION = "edge_app_one", "1.0"  # what onboard_body sends
APP_ID = ewbi_app_id(APP_NAME, APP_VERSION, PROVIDER)
PARIS_PHONE = "+33600000001"
LYON_ROAMER = "+33600000002"
UNI_AT_A = {
    "cells": [{"mcc": 208, "mnc": 1, "cell_id": 7, "latitude": 48.86, "longitude": 2.34}],
    "devices": [
        {"phone_number": PARIS_PHONE, "cell": {"mcc": 208, "mnc": 1, "cell_id": 7}},
        {"phone_number": "+34600000001", "latitude": 40.40, "longitude": -3.71},
        # an op-b subscriber roaming in Lyon
        {
            "phone_number": LYON_ROAMER,
            "latitude": 45.75,
            "longitude": 4.85,
            "home_operator": "op-b",
        },
    ],
    "uni": {"discovery_app": {"app_id": APP_ID, "app_provider_id": PROVIDER}},
}


async def federated_pair(start_ops: OpFactory) -> tuple[RunningOp, RunningOp]:
    async def start(name: str, **kw: Any) -> RunningOp:
        return await start_ops(name, **kw, **(UNI_AT_A if name == "op-a" else {}))

    ops = await start_pair(start)
    a, b = ops["op-a"], ops["op-b"]
    for op, other in ((a, "op-b"), (b, "op-a")):
        row = await partners.create_federation(deps(op), other)
        await partners.subscribe_all(deps(op), row.id)
    return a, b


async def closest(http: httpx.AsyncClient, op: RunningOp, phone: str) -> httpx.Response:
    headers = bearer(
        await fetch_token(http, op.url, TEST_CLIENT, TEST_SECRET, "simple-edge-discovery:read")
    )
    return await http.post(
        op.url + ROOT + "/retrieve-closest-edge-cloud-zone",
        json={"device": {"phoneNumber": phone}},
        headers=headers,
    )


async def reported(op: RunningOp, kind: str, state: str) -> list[PartnerReportedStateRow]:
    async with op.app[PLATFORM].database.transaction() as session:
        rows = await session.exec(
            select(PartnerReportedStateRow).where(
                PartnerReportedStateRow.kind == kind, PartnerReportedStateRow.state == state
            )
        )
        return list(rows.all())


async def onboard_at_partner(
    http: httpx.AsyncClient, a: RunningOp, b: RunningOp, ctx: str, headers: dict[str, str]
) -> None:
    """UploadFile, UploadArtefact, OnboardApplication at B as A's client, on zone-b1."""
    file_id = str(uuid.uuid4())
    await upload_file(http, b.url, headers, ctx, file_id)
    spec = {**component_spec(file_id), "exposedInterfaces": INTERFACES}
    artefact_id = str(uuid.uuid4())
    form = artefact_form(artefact_id, file_id, componentSpec=json.dumps([spec]))
    response = await http.post(
        ewbi(b.url, paths.artefacts(ctx)),
        files={k: (None, str(v)) for k, v in form.items()},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    callback = paths.callback_link(a.url, "onApplicationOnboardStatusEvent")
    body = onboard_body(APP_ID, artefact_id, callback, ("zone-b1",))
    body["appDeploymentZones"][0]["countryCode"] = "FR"
    response = await http.post(ewbi(b.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text


async def test_device_near_op2_is_sent_to_its_zone_and_ready_instance(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    a, b = await federated_pair(start_ops)

    # 1. Simple Edge Discovery at OP1: the Paris device goes to OP2's Paris zone; Madrid stays.
    response = await closest(http, a, PARIS_PHONE)
    assert response.status_code == 200, response.text
    assert_conforms(response, "readClosestEdgeCloudZone", "uni.yaml")
    assert response.json() == {
        "edgeCloudZoneId": zone_uuid("op-b", "zone-b1"),
        "edgeCloudZoneName": "Paris, FR",  # the zone's geographyDetails
        "edgeCloudProvider": "op-b",
    }
    madrid = await closest(http, a, "+34600000001")
    assert madrid.json()["edgeCloudProvider"] == "op-a"
    # The roamer's home (op-b) has no candidate yet (the app is not onboarded there): the
    # offered zones are used, and Lyon is nearest.
    roamer = await closest(http, a, LYON_ROAMER)
    assert roamer.json()["edgeCloudZoneName"] == "Lyon, FR"

    # 2. The app is onboarded at OP2 from OP1 over the EWBI; OP1 learns it from the callback.
    async with a.app[PLATFORM].database.transaction() as session:
        record = await partners.find(session, "op-b")
    ctx = record.federation_context_id
    headers = bearer(await fetch_token(http, b.url, "op-a", "op-a-secret-at-op-b"))
    await onboard_at_partner(http, a, b, ctx, headers)
    await wait_for(lambda: reported(a, "application", "ONBOARDED"), what="ONBOARDED at op-a")

    # The roamer's home now answers GetCandidateZones with the one zone the app is on.
    roamer = await closest(http, a, LYON_ROAMER)
    assert roamer.status_code == 200, roamer.text
    assert roamer.json()["edgeCloudZoneName"] == "Paris, FR"

    # 3. A client of the app registers at OP1; no instance is READY yet.
    registration = await http.post(
        a.url + ROOT + "/clients/register",
        json={"appName": APP_NAME, "appVersion": APP_VERSION, "appProvider": PROVIDER},
    )
    assert registration.status_code == 201, registration.text
    assert_conforms(registration, "registerClient", "uni.yaml")
    session_headers = bearer(registration.json()["sessionToken"])
    nearest_url = a.url + ROOT + "/app-instances/nearest"
    where = {"device": {"phoneNumber": PARIS_PHONE}}
    none_yet = await http.post(nearest_url, json=where, headers=session_headers)
    assert none_yet.status_code == 404, none_yet.text
    assert_conforms(none_yet, "findNearestAppInstance", "uni.yaml")

    # 4. InstallApp in OP2's zone with OP1's callback link; READY reaches OP1.
    install = {
        "appId": APP_ID,
        "appVersion": APP_VERSION,
        "appProviderId": PROVIDER,
        "zoneInfo": {"zoneId": "zone-b1", "flavourId": "fl-small"},
        "appInstCallbackLink": paths.callback_link(a.url, "onInstanceStatusEvent"),
    }
    response = await http.post(ewbi(b.url, paths.lcm(ctx)), json=install, headers=headers)
    assert response.status_code == 202, response.text
    instance = response.json()["appInstIdentifier"]
    await wait_for(lambda: reported(a, "instance", "READY"), what="READY at op-a")
    details = await http.get(
        ewbi(b.url, paths.app_instance(ctx, APP_ID, instance, "zone-b1")), headers=headers
    )
    access_point = details.json()["accesspointInfo"][0]

    # 5. OP1 sends the device to that READY instance's endpoint.
    found = await http.post(nearest_url, json=where, headers=session_headers)
    assert found.status_code == 200, found.text
    assert_conforms(found, "findNearestAppInstance", "uni.yaml")
    answer = found.json()
    assert answer["edgeCloudProvider"] == "op-b"
    assert answer["edgeCloudZoneId"] == zone_uuid("op-b", "zone-b1")
    assert answer["edgeCloudZoneName"] == "Paris, FR"
    assert answer["endpoint"] == {
        "interfaceId": access_point["interfaceId"],
        **access_point["accessPoints"],
    }
    assert 0 <= answer["distanceKm"] < 5
