"""The validator on its own: each rule named with its JSON path, expected and actual values,
and the two profiles on the spellings the GSMA file gets wrong."""

from __future__ import annotations

from op_platform.conformance import redact
from op_platform.conformance.contract import load_contract
from op_platform.conformance.validate import NO_BODY, Validator

JSON = {"Content-Type": "application/json"}
PROBLEM = {"Content-Type": "application/problem+json"}


def found(findings: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f.rule, f.path) for f in findings}


def test_operations_are_read_from_the_file() -> None:
    contract = load_contract()
    assert len(contract.standard()) == 29
    assert {"DeleteApp", "OnboardAppPackageVariant"} <= set(contract.operations) - set(
        contract.standard()
    )
    assert "$ref" not in repr(contract.operation("CreateFederation").responses["200"])


def test_a_schema_violation_names_rule_path_expected_and_actual() -> None:
    body = {"zoneId": "z1", "reservedComputeResources": [], "flavoursSupported": [{}]}
    findings = Validator().response("GetZoneData", 200, JSON, body)
    assert ("minItems", "$.reservedComputeResources") in found(findings)
    assert ("required", "$.computeResourceQuotaLimits") in found(findings)
    assert ("required", "$.flavoursSupported[0].flavourId") in found(findings)
    first = next(f for f in findings if f.rule == "minItems")
    assert (first.expected, first.actual) == (1, [])


def test_status_headers_and_problem_details() -> None:
    v = Validator()
    assert found(v.response("ZoneUnsubscribe", 204, {}, NO_BODY)) == {
        ("status-not-allowed", "$status")
    }
    assert (
        found(v.response("ZoneUnsubscribe", 418, PROBLEM, {"title": "x", "status": 418})) == set()
    )
    assert ("missing-header:Location", "$headers.Location") in found(
        v.response("CreateFederation", 200, JSON, {})
    )
    assert found(v.response("GetArtefact", 404, JSON, {"status": 404})) == {
        ("content-type", "$headers.Content-Type")
    }
    assert found(v.response("GetArtefact", 404, PROBLEM, NO_BODY)) == {("problem-details", "$")}
    assert found(v.response("GetArtefact", 404, PROBLEM, {"status": 400})) == {
        ("problem-status", "$.status")
    }
    assert found(v.response("RemoveFile", 200, JSON, {"x": 1})) == {("unexpected-body", "$")}


def test_profiles_on_the_gsma_spellings() -> None:
    info = {"title": "gone"}
    assert found(Validator("strict").response("GetArtefact", 404, PROBLEM, info)) == {
        ("required", "$.status")
    }
    assert found(Validator("lenient").response("GetArtefact", 404, PROBLEM, info)) == set()
    request = {
        "origOPFederationId": "op-x",
        "initialDate": "2030-01-01T00:00:00Z",
        "partnerStatusLink": "http://127.0.0.1:9/s",
    }
    assert found(Validator("strict").request("CreateFederation", "application/json", request)) == {
        ("spelling", "$.partnerStatusLink")
    }
    lenient = Validator("lenient")
    assert lenient.request("CreateFederation", "application/json", request) == []
    assert "partnerStatusLink" in lenient.take_notes()[0]
    os_type = {
        "architecture": "x86_64",
        "distribution": "OTHER",
        "version": "OS_VERSION_ DEBIAN_11",
        "license": "NOT_SPECIFIED",
    }
    strict = Validator("strict").response(
        "ViewFile", 200, JSON, {"fileRepolocation": {}, "imgOSType": os_type}
    )
    assert {("spelling", "$.fileRepolocation"), ("spelling", "$.imgOSType.version")} <= found(
        strict
    )


def test_redaction() -> None:
    assert redact.headers({"Authorization": "Bearer abcdefghijkl"}) == {
        "Authorization": "Bearer abcd…<redacted>"
    }
    body = redact.body({"partnerCallbackCredentials": {"clientId": "c", "clientSecret": "s"}})
    assert body == {"partnerCallbackCredentials": {"clientId": "c", "clientSecret": "<redacted>"}}
