"""openapi/nef.yaml: valid, routed both ways, shared with the OP's client paths, and what the
mock answers and notifies matches it."""

from __future__ import annotations

import json
from typing import Any

from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from mec_mocks.common.recorder import Recorder
from mec_mocks.nef import create_app
from mec_mocks.nef import paths as mock_paths
from op_platform.models.nef import paths as client_paths
from tests.helpers.contract import assert_conforms, find_operation, load
from tests.mec_mocks.nef.helpers import EAS, MON, QOS, TI, Af, nef_config, received

SPEC = "nef.yaml"
METHODS = {"get", "put", "post", "delete", "patch"}
MERGE = {"Content-Type": "application/merge-patch+json"}


def test_spec_is_valid() -> None:
    validate(load(SPEC))


def test_every_operation_is_routed_and_every_route_described() -> None:
    app = create_app(nef_config())
    routed = {
        (r.method, r.resource.canonical) for r in app.router.routes() if r.resource is not None
    }
    in_spec = {
        (m.upper(), path)
        for path, item in load(SPEC)["paths"].items()
        for m in item
        if m in METHODS
    }
    assert in_spec - routed == set(), "described but not routed"
    assert {r for r in routed if r[0] != "HEAD"} - in_spec == set(), "routed but not described"


def test_mock_and_client_paths_agree_with_the_spec() -> None:
    spec_paths = set(load(SPEC)["paths"])
    mock = {
        v for k, v in vars(mock_paths).items() if k.isupper() and isinstance(v, str) and "/" in v
    }
    assert mock - spec_paths <= {mock_paths.ADMIN, *mock_paths.API_ROOTS}
    northbound = {p for p in spec_paths if not p.startswith(("/admin", "/healthz"))}
    assert set(client_paths.ALL) == northbound
    assert northbound <= mock


def _callback_schema(operation_id: str) -> dict[str, Any]:
    doc = load(SPEC)
    for item in doc["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation_id:
                (callback,) = op["callbacks"]["notificationDestination"].values()
                schema: dict[str, Any] = callback["post"]["requestBody"]["content"][
                    "application/json"
                ]["schema"]
                return {**schema, "components": doc["components"]}
    raise AssertionError(operation_id)


def assert_notifications_conform(bodies: list[Any], operation_id: str) -> None:
    validator = OAS30Validator(_callback_schema(operation_id))
    for body in bodies:
        errors = sorted(validator.iter_errors(body), key=str)
        assert not errors, f"{operation_id} callback: {errors[0].message}"


async def call(af: Af, method: str, path: str, body: Any = None, **kw: Any) -> Any:
    """Send, check the answer against the spec, return its JSON (or None)."""
    if body is not None:
        kw["content"] = json.dumps(body)
        kw.setdefault("headers", {"Content-Type": "application/json"})
    resp = await af.request(method, path, **kw)
    _, op = find_operation(SPEC, method, path.split("?")[0])
    assert_conforms(resp, op["operationId"], SPEC)
    return resp.json() if resp.content else None


async def test_answers_and_notifications_match(af: Af, sink: tuple[Recorder, str]) -> None:
    rec, url = sink
    ti = await call(
        af,
        "POST",
        TI,
        {
            "afAppId": "app",
            "ipv4Addr": "10.45.0.2",
            "dnaiChgType": "EARLY_LATE",
            "trafficRoutes": [{"dnai": "dnai-a", "routeProfId": "a"}],
            "subscribedEvents": ["UP_PATH_CHANGE"],
            "notificationDestination": f"{url}/up",
            "requestTestNotification": True,
        },
    )
    ti_path = ti["self"].removeprefix(af.base)
    await call(af, "GET", TI)
    await call(af, "GET", ti_path)
    await call(af, "PATCH", ti_path, {"appReloInd": True}, headers=MERGE)
    await call(af, "PATCH", ti_path, {"appReloInd": True})  # 415
    await call(af, "POST", TI, {"afAppId": "app"})  # 400
    await call(af, "GET", TI.replace("af-1", "af-2"))  # 403
    await call(af, "GET", TI + "/nope")  # 404
    await call(af, "DELETE", TI + "/nope")
    await call(af, "PUT", ti_path, {**ti, "afAppId": "app2"})

    qos = await call(
        af,
        "POST",
        QOS,
        {
            "ueIpv4Addr": "10.45.0.2",
            "flowInfo": [{"flowId": 1}],
            "qosReference": "QOS_S",
            "notificationDestination": f"{url}/qos",
            "usageThreshold": {"duration": 60},
            "events": ["QOS_GUARANTEED", "QOS_NOT_GUARANTEED", "SUCCESSFUL_RESOURCES_ALLOCATION"],
        },
    )
    qos_path = qos["self"].removeprefix(af.base)
    await call(af, "GET", QOS + "?ip-addrs=" + json.dumps([{"ipv4Addr": "10.45.0.2"}]))
    await call(af, "GET", qos_path)
    await call(af, "PUT", qos_path, {**qos, "qosReference": "QOS_M"})
    await call(af, "PATCH", qos_path, {"qosReference": "QOS_L"}, headers=MERGE)
    await call(af, "POST", QOS, {"notificationDestination": f"{url}/qos"})  # 400

    eas = await call(
        af,
        "POST",
        EAS,
        {
            "fqdnPatternList": [
                {
                    "stringMatchingRule": {
                        "stringMatchingConditions": [
                            {"matchingString": "app.example", "matchingOperator": "ENDS_WITH"}
                        ]
                    }
                }
            ],
            "dnaiInfos": {
                "dnai-b": {"dnai": "dnai-b", "easIpAddrs": [{"ipv6Addr": "2001:db8::1"}]}
            },
        },
    )
    eas_path = eas["self"].removeprefix(af.base)
    await call(af, "GET", EAS)
    await call(af, "GET", eas_path)
    await call(af, "PUT", eas_path, {**eas, "appId": "a"})

    one = await call(
        af,
        "POST",
        MON,
        {
            "monitoringType": "LOCATION_REPORTING",
            "ipv4Addr": "10.45.0.2",
            "maximumNumberOfReports": 1,
            "notificationDestination": f"{url}/loc",
        },
    )
    assert "locationInfo" in one
    mon = await call(
        af,
        "POST",
        MON,
        {
            "monitoringType": "LOCATION_REPORTING",
            "msisdn": "33610000001",
            "immediateRep": True,
            "maximumNumberOfReports": 5,
            "notificationDestination": f"{url}/loc",
        },
    )
    mon_path = mon["self"].removeprefix(af.base)
    await call(af, "GET", MON)
    await call(af, "GET", mon_path)
    await call(af, "PUT", mon_path, {**mon, "accuracy": "GEO_AREA"})
    await call(af, "POST", MON, {**mon, "monitoringType": "PDN_CONNECTIVITY_STATUS"})  # 501

    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=False))
    await af.admin("POST", "/admin/qos/drop", {"ueId": "ue-1"})
    assert_notifications_conform(await received(rec, 3, "/up"), "CreateNewSubscription")
    assert_notifications_conform(
        await received(rec, 3, "/qos"), "CreateASSessionWithQoSSubscription"
    )
    assert_notifications_conform(
        await received(rec, 1, "/loc"), "CreateMonitoringEventSubscription"
    )

    await call(af, "DELETE", qos_path)  # 200 with the usage report
    for path in (ti_path, eas_path, mon_path):
        await call(af, "DELETE", path)
    await call(af, "POST", "/3gpp-eas-deployment/v1/remove-edis", {"afId": "af-1"})  # 404
    await af.admin("POST", "/admin/down", {"seconds": 60})
    await call(af, "GET", TI)  # 503


async def test_admin_answers_match(af: Af) -> None:
    for path in (
        "/admin/status",
        "/admin/sites",
        "/admin/cells",
        "/admin/ues",
        "/admin/ues/ue-2",
        "/admin/subscriptions",
        "/admin/notifications",
        "/healthz",
    ):
        resp = await af.http.get(af.base + path)
        assert_conforms(resp, find_operation(SPEC, "GET", path)[1]["operationId"], SPEC)
    resp = await af.http.post(af.base + "/admin/ues/ue-2/move", json={"dnai": "dnai-b"})
    assert_conforms(resp, "AdminMoveUe", SPEC)
    for path, op in (("/admin/down", "AdminDown"), ("/admin/up", "AdminUp")):
        assert_conforms(await af.http.post(af.base + path), op, SPEC)
    resp = await af.http.post(af.base + "/admin/qos/drop", json={"ueId": "ue-2"})
    assert_conforms(resp, "AdminDropQos", SPEC)
