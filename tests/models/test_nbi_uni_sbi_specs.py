"""The NBI, UNI, SBI-CR and SBI-NR contracts: valid OpenAPI, and every 2xx body has a model.

Each example a spec gives for a success response (and for a request or callback body) must be
valid against the spec's own schema and be accepted by the pydantic model the server uses for it.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate
from pydantic import TypeAdapter

from op_platform.models import nbi, qod, sbi, uni
from op_platform.models.nef import (
    EventNotification,
    MonitoringNotification,
    UserPlaneNotificationData,
)
from op_platform.spec_files import load_spec, operations

SPECS = ("nbi", "uni", "sbi-cr", "sbi-nr", "qod")
JSON_TYPES = ("application/json", "application/cloudevents+json", "application/merge-patch+json")

# (spec, operationId, "request" | status code) -> the model the server reads or writes.
MODELS: dict[tuple[str, str, str], Any] = {
    ("nbi", "submitApp", "request"): nbi.AppManifest,
    ("nbi", "submitApp", "201"): nbi.SubmittedApp,
    ("nbi", "getApps", "200"): list[nbi.AppManifest],
    ("nbi", "getApp", "200"): nbi.AppDetails,
    ("nbi", "createAppInstance", "request"): nbi.AppInstanceCreate,
    ("nbi", "createAppInstance", "202"): nbi.AppInstanceInfo,
    ("nbi", "getAppInstance", "200"): list[nbi.AppInstanceInfo],
    ("nbi", "createAppDeployment", "request"): nbi.AppDeploymentCreate,
    ("nbi", "createAppDeployment", "202"): nbi.AppDeploymentCreated,
    ("nbi", "getAppDeployments", "200"): list[nbi.AppDeploymentInfo],
    ("nbi", "updateAppDeployment", "request"): nbi.AppDeploymentPatch,
    ("nbi", "updateAppDeployment", "200"): nbi.AppDeploymentInfo,
    ("nbi", "getClusters", "200"): list[nbi.ClusterInfo],
    ("nbi", "getEdgeCloudZones", "200"): list[nbi.EdgeCloudZone],
    ("nbi", "EdgeApplicationManagementCallback", "request"): nbi.AppInstanceStatusChangeEvent,
    ("nbi", "EdgeApplicationManagementDeploymentCallback", "request"): list[nbi.CloudEvent],
    ("uni", "readClosestEdgeCloudZone", "request"): uni.ClosestEdgeCloudZoneRequest,
    ("uni", "readClosestEdgeCloudZone", "200"): uni.ClosestEdgeCloudZone,
    ("uni", "registerClient", "request"): uni.ClientRegistrationRequest,
    ("uni", "registerClient", "201"): uni.ClientRegistration,
    ("uni", "findNearestAppInstance", "request"): uni.NearestAppInstanceRequest,
    ("uni", "findNearestAppInstance", "200"): uni.NearestAppInstance,
    ("sbi-cr", "forwardAppPackage", "request"): sbi.CreateAppPkg,
    ("sbi-cr", "forwardAppPackage", "201"): sbi.ForwardedOnboarding,
    ("sbi-cr", "forwardAppPackage", "202"): sbi.OperationAccepted,
    ("sbi-cr", "receiveAppPkgNotification", "request"): sbi.AppPkgNotification,
    ("sbi-nr", "receiveQosStatusChanged", "request"): sbi.EventQosStatusChanged,
    ("sbi-nr", "receiveTrafficInfluenceChanged", "request"): sbi.EventTrafficInfluenceChanged,
    ("sbi-nr", "receiveUpPathChange", "request"): EventNotification,
    ("sbi-nr", "receiveQosEvents", "request"): UserPlaneNotificationData,
    ("sbi-nr", "receiveLocationReport", "request"): MonitoringNotification,
    ("qod", "createSession", "request"): qod.CreateSession,
    ("qod", "createSession", "201"): qod.SessionInfo,
    ("qod", "getSession", "200"): qod.SessionInfo,
    ("qod", "extendQosSessionDuration", "request"): qod.ExtendSessionDuration,
    ("qod", "extendQosSessionDuration", "200"): qod.SessionInfo,
    ("qod", "retrieveSessionsByDevice", "request"): qod.RetrieveSessionsInput,
    ("qod", "retrieveSessionsByDevice", "200"): list[qod.SessionInfo],
    ("qod", "postNotification", "request"): sbi.EventQosStatusChanged,
}

NBI_OPERATIONS = {
    ("POST", "/apps"),
    ("GET", "/apps"),
    ("GET", "/apps/{appId}"),
    ("DELETE", "/apps/{appId}"),
    ("POST", "/appinstances"),
    ("GET", "/appinstances"),
    ("DELETE", "/appinstances/{appInstanceId}"),
    ("POST", "/deployments"),
    ("GET", "/deployments"),
    ("PATCH", "/deployments/{appDeploymentId}"),
    ("DELETE", "/deployments/{appDeploymentId}"),
    ("GET", "/clusters"),
    ("GET", "/edge-cloud-zones"),
}


def resolve(node: Any, spec: dict[str, Any], seen: tuple[str, ...] = ()) -> Any:
    """``node`` with every local ``$ref`` replaced by what it points at.

    ``discriminator`` mappings are dropped: they are hints over a ``oneOf`` that still validates.
    """
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            assert ref not in seen, f"recursive $ref {ref}"
            target: Any = spec
            for part in ref.removeprefix("#/").split("/"):
                target = target[part]
            return resolve(target, spec, (*seen, ref))
        return {
            key: resolve(value, spec, seen) for key, value in node.items() if key != "discriminator"
        }
    if isinstance(node, list):
        return [resolve(item, spec, seen) for item in node]
    return node


def media_examples(media: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    if "example" in media:
        yield "example", media["example"]
    for name, example in (media.get("examples") or {}).items():
        if "value" in example:
            yield name, example["value"]


def bodies(name: str) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(operationId, "request" | status, media object) of every JSON body, callbacks included."""
    spec = resolve(load_spec(name), load_spec(name))

    def walk(paths: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
        for item in paths.values():
            for method, operation in item.items():
                if not isinstance(operation, dict) or method.startswith("x-"):
                    continue
                op_id = operation.get("operationId", f"{method} ?")
                request = operation.get("requestBody") or {}
                for media_type, media in (request.get("content") or {}).items():
                    if media_type in JSON_TYPES:
                        yield op_id, "request", media
                for status, response in (operation.get("responses") or {}).items():
                    for media_type, media in (response.get("content") or {}).items():
                        if media_type in JSON_TYPES:
                            yield op_id, str(status), media
                for callback in (operation.get("callbacks") or {}).values():
                    yield from walk(callback)

    yield from walk(spec.get("paths") or {})


@pytest.mark.parametrize("name", SPECS)
def test_spec_is_valid_openapi(name: str) -> None:
    spec = load_spec(name)
    assert spec, f"openapi/{name}.yaml is missing"
    validate(copy.deepcopy(spec))


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("nbi", "/edge-application-management/v0.1alpha1"),
        ("uni", "/simple-edge-discovery/v2"),
        ("sbi-cr", "/sbi-cr/v1"),
        ("sbi-nr", "/sbi-nr/v1"),
    ],
)
def test_server_url_is_the_interface_root(name: str, root: str) -> None:
    assert load_spec(name)["servers"][0]["url"] == "{apiRoot}" + root


def test_nbi_has_the_thirteen_camara_operations_with_scopes() -> None:
    spec = load_spec("nbi")
    found = {(method, path) for method, path, _ in operations(spec)}
    assert found == NBI_OPERATIONS
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            scopes = operation["security"][0]["openId"]
            assert len(scopes) == 1, (method, path)
            assert scopes[0].startswith("edge-application-management:"), (method, path)
            params = [p.get("$ref", "") for p in operation["parameters"]]
            assert "#/components/parameters/x-correlator" in params, (method, path)


def test_nbi_callback_sends_the_status_change_cloud_event() -> None:
    spec = load_spec("nbi")
    callback = spec["paths"]["/appinstances"]["post"]["callbacks"]["onAppInstanceStatusChange"]
    assert callback["$ref"] == "#/components/callbacks/onAppInstanceStatusChange"
    sink = spec["components"]["callbacks"]["onAppInstanceStatusChange"]
    assert list(sink) == ["{$request.body#/subscriptionRequest/sink}"]
    event = spec["components"]["schemas"]["AppInstanceStatusChangeEvent"]
    assert event["x-extension"] is True
    assert event["allOf"][1]["properties"]["type"]["enum"] == [nbi.APP_INSTANCE_STATUS_CHANGE]


def test_uni_extensions_are_marked_and_the_camara_operation_is_not() -> None:
    spec = load_spec("uni")
    paths = spec["paths"]
    assert paths["/clients/register"]["post"]["x-extension"] is True
    assert paths["/app-instances/nearest"]["post"]["x-extension"] is True
    assert "x-extension" not in paths["/retrieve-closest-edge-cloud-zone"]["post"]
    assert set(paths["/app-instances/nearest"]["post"]["responses"]) >= {"200", "401", "404"}


def test_sbi_cr_declares_the_onboarding_outcomes() -> None:
    operation = load_spec("sbi-cr")["paths"][
        "/op_target_systems/{targetNetworkId}/apptype/{applicationType}/app_packages"
    ]["post"]
    assert set(operation["responses"]) >= {"201", "202", "400", "404", "409", "422", "502", "503"}
    assert "Location" in operation["responses"]["202"]["headers"]


@pytest.mark.parametrize("name", SPECS)
def test_every_json_success_and_request_body_has_a_model(name: str) -> None:
    for op_id, kind, _media in bodies(name):
        if kind == "request" or kind.startswith("2"):
            assert (name, op_id, kind) in MODELS, f"{name} {op_id} {kind} has no model"


@pytest.mark.parametrize("name", SPECS)
def test_examples_match_the_spec_schema_and_the_model(name: str) -> None:
    checked = 0
    for op_id, kind, media in bodies(name):
        schema = media.get("schema")
        for example_name, value in media_examples(media):
            where = f"{name} {op_id} {kind} {example_name}"
            if schema is not None:
                errors = list(OAS30Validator(schema).iter_errors(value))
                assert not errors, f"{where}: {errors[0].message}"
            model = MODELS.get((name, op_id, kind))
            if model is not None:
                TypeAdapter(model).validate_python(value)
                checked += 1
    assert checked, f"{name} has no example checked against a model"


def test_error_examples_fit_error_info() -> None:
    for name in ("nbi", "uni"):
        for op_id, kind, media in bodies(name):
            if kind.startswith(("4", "5")):
                for _example, value in media_examples(media):
                    error = nbi.ErrorInfo.model_validate(value)
                    assert str(error.status) == kind, (name, op_id, kind)
