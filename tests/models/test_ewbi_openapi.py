"""openapi/ewbi.yaml, ewbi-callbacks.yaml, oauth.yaml: valid, in step with paths.py and models."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from op_platform.models.ewbi import paths
from tests.models.ewbi_examples import EXAMPLES

OPENAPI = Path(__file__).resolve().parents[2] / "openapi"
METHODS = {"get", "post", "put", "patch", "delete"}


@cache
def load(name: str) -> dict[str, Any]:
    with (OPENAPI / name).open() as fh:
        doc: dict[str, Any] = yaml.safe_load(fh)
    return doc


def normalise(template: str) -> str:
    return re.sub(r"\{[^}]+\}", "{}", template)


def operations(doc: dict[str, Any]) -> dict[str, tuple[str, str, dict[str, Any]]]:
    return {
        op["operationId"]: (method.upper(), path, op)
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    }


@pytest.mark.parametrize("name", ["ewbi.yaml", "ewbi-callbacks.yaml", "oauth.yaml"])
def test_spec_is_valid_openapi(name: str) -> None:
    validate(load(name))


def test_servers_and_security() -> None:
    doc = load("ewbi.yaml")
    assert doc["openapi"] == "3.0.3"
    assert doc["servers"][0]["url"] == "{apiRoot}" + paths.EWBI_ROOT
    flow = doc["components"]["securitySchemes"]["oAuth2ClientCredentials"]["flows"]
    assert flow["clientCredentials"]["tokenUrl"] == paths.OAUTH_TOKEN
    assert doc["security"] == [{"oAuth2ClientCredentials": ["fed-mgmt"]}]
    oauth = load("oauth.yaml")
    assert set(oauth["paths"]) == {paths.OAUTH_TOKEN, paths.OAUTH_REVOKE, paths.JWKS}


def test_every_operation_has_a_path_constant_and_back() -> None:
    spec = operations(load("ewbi.yaml"))
    ours = {route.operation_id: route for route in paths.OPERATIONS}
    assert set(spec) == set(ours)
    assert len(spec) == 31
    for op_id, (method, path, _) in spec.items():
        route = ours[op_id]
        assert route.method == method, op_id
        # Same template, placeholder names included.
        assert route.template == path, op_id
        assert normalise(route.template) == normalise(path)
        constant = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", op_id).upper()
        assert getattr(paths, constant) == path, op_id


def test_extensions_are_marked() -> None:
    spec = operations(load("ewbi.yaml"))
    marked = {op_id for op_id, (_, _, op) in spec.items() if op.get("x-extension")}
    assert marked == {"DeleteApp", "OnboardAppPackageVariant"}


def test_error_responses_are_problem_details() -> None:
    doc = load("ewbi.yaml")
    for op_id, (_, _, op) in operations(doc).items():
        for code in ("400", "401", "404", "409", "422", "500", "503"):
            assert op["responses"][code] == {"$ref": f"#/components/responses/{code}"}, op_id
    for code, response in doc["components"]["responses"].items():
        schema = response["content"]["application/problem+json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ProblemDetails"}, code


def test_callbacks_on_the_operations_that_register_them() -> None:
    spec = operations(load("ewbi.yaml"))
    expected = {
        "CreateFederation": ("onPartnerStatusEvent", "federationNotificationDest", "204"),
        "ZoneSubscribe": ("onZoneResourceUpdateEvent", "availZoneNotifLink", "200"),
        "OnboardApplication": ("onApplicationOnboardStatusEvent", "appStatusCallbackLink", "204"),
        "InstallApp": ("onInstanceStatusEvent", "appInstCallbackLink", "204"),
        "CreateResourcePools": (
            "onResourceStatusChangeEvent",
            "resourceReservationCallbackLink",
            "204",
        ),
    }
    with_callbacks = {op_id for op_id, (_, _, op) in spec.items() if "callbacks" in op}
    assert with_callbacks == set(expected)
    for op_id, (name, field, code) in expected.items():
        callback = spec[op_id][2]["callbacks"][name]
        assert list(callback) == [f"{{$request.body#/{field}}}"]
        assert code in callback[f"{{$request.body#/{field}}}"]["post"]["responses"]


def test_callback_receivers_match_paths_module() -> None:
    doc = load("ewbi-callbacks.yaml")
    assert doc["servers"][0]["url"] == "{apiRoot}" + paths.CALLBACKS_ROOT
    assert set(doc["paths"]) == set(paths.CALLBACKS.values())
    for name, path in paths.CALLBACKS.items():
        op = doc["paths"][path]["post"]
        assert op["operationId"] == name
        ok = "200" if name == "onZoneResourceUpdateEvent" else "204"
        assert set(op["responses"]) == {ok, "400", "401", "404", "415"}


def test_known_defects_are_fixed() -> None:
    schemas = load("ewbi.yaml")["components"]["schemas"]
    assert schemas["ZoneForbidRequest"]["items"] == {"$ref": "#/components/schemas/ZoneForbid"}
    assert schemas["ZoneForbid"]["required"] == ["zoneId", "forbid"]
    any_of = schemas["AppUpdQoSProfile"]["anyOf"]
    assert {"required": ["latencyConstraints"]} in any_of
    assert "fileRepoLocation" in schemas["FileInfo"]["properties"]
    assert {"required": ["partnerStatusLink"]} in schemas["FederationRequestData"]["anyOf"]
    create = operations(load("ewbi.yaml"))["CreateFederation"][2]
    location = create["responses"]["200"]["headers"]["Location"]["description"]
    assert "/operatorplatform/federation/v1/{federationContextId}/partner" in location
    # Every required property is declared.
    for name, schema in schemas.items():
        for field in schema.get("required", []):
            assert field in schema["properties"], (name, field)


def schema_validator(name: str, spec: str = "ewbi.yaml") -> OAS30Validator:
    doc = load(spec)
    root = {"$ref": f"#/components/schemas/{name}", "components": doc["components"]}
    return OAS30Validator(root)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_matches_schema(name: str) -> None:
    schema_validator(name).validate(EXAMPLES[name])


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("ServiceEndpoint", {"port": 80}),
        (
            "FederationRequestData",
            {"origOPFederationId": "op-a", "initialDate": "2024-05-01T10:00:00Z"},
        ),
        ("AppUpdQoSProfile", {"noOfUsersPerAppInst": 3}),
        ("ZoneForbidRequest", [{"zoneId": "zone-1"}]),
        ("ArtefactInfo", dict(EXAMPLES["ArtefactInfo"], artefactId="not-a-uuid-at-all")),
    ],
)
def test_schema_rejects_what_models_reject(name: str, body: Any) -> None:
    # The uuid format is only checked by a format checker; everything else by the schema.
    from jsonschema import FormatChecker

    validator = schema_validator(name)
    checked = OAS30Validator(validator.schema, format_checker=FormatChecker())
    assert not checked.is_valid(body)


def test_callback_examples_match_receiver_spec() -> None:
    for name in paths.CALLBACKS:
        schema = {
            "onPartnerStatusEvent": "PartnerStatusEvent",
            "onZoneResourceUpdateEvent": "ZoneResourceUpdateEvent",
            "onApplicationOnboardStatusEvent": "ApplicationOnboardStatusEvent",
            "onInstanceStatusEvent": "InstanceStatusEvent",
            "onResourceStatusChangeEvent": "ResourceStatusChangeEvent",
        }[name]
        schema_validator(schema, "ewbi-callbacks.yaml").validate(EXAMPLES[schema])
