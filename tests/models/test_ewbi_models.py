"""EWBI wire models: patterns, required fields, defect spellings, round trips."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter, ValidationError

from op_platform.models import ewbi
from op_platform.models.ewbi import ids, to_wire
from tests.models.ewbi_examples import EXAMPLES, FILE_INFO, OS_TYPE

MODELS: dict[str, type[BaseModel]] = {name: getattr(ewbi, name) for name in EXAMPLES}


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_example_round_trips(name: str) -> None:
    model = MODELS[name].model_validate(EXAMPLES[name])
    assert to_wire(model) == EXAMPLES[name]
    again = MODELS[name].model_validate_json(
        model.model_dump_json(by_alias=True, exclude_none=True)
    )
    assert again == model


ID_CASES: list[tuple[Any, list[str], list[str]]] = [
    (ewbi.FederationContextId, ["ctx1", "F-123-abc", "0"], ["-ctx", "ctx_1", "", "ctx/1"]),
    (ewbi.ZoneIdentifier, ["zone-madrid-1"], ["zone madrid", "_zone"]),
    (ewbi.AppIdentifier, ["arvideo_app01", "A1234567"], ["1app_0000", "short", "app-with-dash"]),
    (ewbi.AppProviderId, ["acme_provider"], ["acme", "a" * 65]),
    (
        ewbi.ArtefactId,
        ["9b2f2a3e-4c1d-4e8f-9a6b-0c1d2e3f4a5b", "9B2F2A3E-4C1D-4E8F-9A6B-0C1D2E3F4A5B"],
        ["9b2f2a3e4c1d4e8f9a6b0c1d2e3f4a5b", "artefact-1"],
    ),
    (
        ewbi.InstanceIdentifier,
        ["inst_0000001", "12345678"],
        ["inst_01", "_inst_0001", "inst_0001_"],
    ),
    (ewbi.PoolId, ["pool_0000001"], ["pool", "p" * 33]),
    (ewbi.DeviceId, ["imsi_214010000000001"], ["dev", "dev-000001"]),
    (ewbi.AuthorizationToken, ["12345678"], ["1234567", "x" * 129]),
    (ewbi.Version, ["1", "1.2", "10.20.30"], ["1.2.3.4", "v1", "100"]),
    (ewbi.CountryCode, ["ES"], ["es", "ESP"]),
    (ids.Mcc, ["214"], ["21", "2145", "٢١٤"]),
    (ids.Mnc, ["01", "007"], ["1", "0007"]),
    (ewbi.GeoLocation, ["40.4168,-3.7038", "-33,151.2"], ["40.41689,-3.7", "40.4 -3.7", "north"]),
    (ids.Ipv4Addr, ["198.51.100.1"], ["256.1.1.1", "1.2.3"]),
    (ids.Ipv6Addr, ["2001:db8::1", "::1"], ["2001:DB8::1", "2001:db8:::1", "1.2.3.4"]),
]


@pytest.mark.parametrize(("kind", "good", "bad"), ID_CASES)
def test_identifier_patterns(kind: Any, good: list[str], bad: list[str]) -> None:
    adapter: TypeAdapter[str] = TypeAdapter(kind)
    for value in good:
        assert adapter.validate_python(value) == value
    for value in bad:
        with pytest.raises(ValidationError):
            adapter.validate_python(value)


def test_bad_id_in_a_body_names_the_field() -> None:
    body = dict(EXAMPLES["InstallAppRequest"], appId="1-bad")
    with pytest.raises(ValidationError) as err:
        ewbi.InstallAppRequest.model_validate(body)
    assert [e["loc"] for e in err.value.errors()] == [("appId",)]


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("FederationRequestData", ("origOPFederationId",)),
        ("FederationRequestData", ("initialDate",)),
        ("ZoneRegistrationRequestData", ("availZoneNotifLink",)),
        ("OnboardApplicationRequest", ("appStatusCallbackLink",)),
        ("OnboardApplicationRequest", ("appMetaData", "accessToken")),
        ("InstallAppRequest", ("zoneInfo", "flavourId")),
        ("CreateResourcePoolsRequest", ("resRequest", "poolName")),
        ("ArtefactUploadForm", ("componentSpec",)),
        ("FileInfo", ("imgOSType", "license")),
        ("InstanceStatusEvent", ("appInstIdentifier",)),
        ("CreateAppPkg", ("checksum", "hash")),
    ],
)
def test_missing_required_field_is_named(name: str, path: tuple[str, ...]) -> None:
    body = json.loads(json.dumps(EXAMPLES[name]))
    parent = body
    for key in path[:-1]:
        parent = parent[key]
    del parent[path[-1]]
    with pytest.raises(ValidationError) as err:
        MODELS[name].model_validate(body)
    errors = err.value.errors()
    assert [(e["type"], e["loc"]) for e in errors] == [("missing", path)]


@pytest.mark.parametrize("field", ["federationNotificationDest", "partnerStatusLink"])
def test_federation_link_either_spelling(field: str) -> None:
    body = dict(EXAMPLES["FederationRequestData"])
    link = body.pop("federationNotificationDest")
    request = ewbi.FederationRequestData.model_validate(dict(body, **{field: link}))
    assert request.notification_link == link
    assert to_wire(request)[field] == link


def test_federation_link_is_required() -> None:
    body = dict(EXAMPLES["FederationRequestData"])
    del body["federationNotificationDest"]
    with pytest.raises(ValidationError, match="federationNotificationDest, partnerStatusLink"):
        ewbi.FederationRequestData.model_validate(body)


def test_callback_secret_is_not_in_repr() -> None:
    request = ewbi.FederationRequestData.model_validate(EXAMPLES["FederationRequestData"])
    assert "s3cret-value" not in repr(request)
    assert to_wire(request)["partnerCallbackCredentials"]["clientSecret"] == "s3cret-value"


@pytest.mark.parametrize("field", ["fileRepoLocation", "fileRepolocation"])
def test_file_repo_location_either_spelling(field: str) -> None:
    body = dict(FILE_INFO)
    location = body.pop("fileRepoLocation")
    info = ewbi.FileInfo.model_validate(dict(body, **{field: location}))
    assert info.fileRepoLocation is not None
    assert info.fileRepoLocation.repoURL == location["repoURL"]
    assert to_wire(info)["fileRepoLocation"] == location


def test_zone_forbid_items_need_zone_and_flag() -> None:
    with pytest.raises(ValidationError) as err:
        ewbi.ZoneForbidRequest.model_validate([{"zoneId": "zone-1"}])
    assert [e["loc"] for e in err.value.errors()] == [(0, "forbid")]
    with pytest.raises(ValidationError):
        ewbi.ZoneForbidRequest.model_validate([])


def test_qos_update_needs_one_field_and_reads_singular_spelling() -> None:
    with pytest.raises(ValidationError, match="at least one"):
        ewbi.AppUpdQoSProfile.model_validate({"noOfUsersPerAppInst": 3})
    qos = ewbi.AppUpdQoSProfile.model_validate({"latencyConstraint": "LOW"})
    assert to_wire(qos) == {"latencyConstraints": "LOW"}
    with pytest.raises(ValidationError):
        ewbi.UpdateApplicationRequest.model_validate({})


def test_service_endpoint_needs_an_address() -> None:
    with pytest.raises(ValidationError, match="fqdn, ipv4Addresses, ipv6Addresses"):
        ewbi.ServiceEndpoint.model_validate({"port": 80})
    with pytest.raises(ValidationError):
        ewbi.ServiceEndpoint.model_validate({"port": 80, "ipv4Addresses": []})


def test_other_spellings_read_and_written_canonically() -> None:
    os_type = ewbi.OSType.model_validate(dict(OS_TYPE, version="OS_VERSION_ DEBIAN_11"))
    assert os_type.version == "OS_VERSION_DEBIAN_11"
    meta = dict(EXAMPLES["OnboardApplicationRequest"]["appMetaData"], category="SURVEILLANCE")
    assert to_wire(ewbi.AppMetaData.model_validate(meta))["category"] == "SURVELIANCE"
    interface = EXAMPLES["ComponentSpec"]["exposedInterfaces"][0]
    lower = {k if k != "InterfaceName" else "interfaceName": v for k, v in interface.items()}
    assert to_wire(ewbi.InterfaceDetails.model_validate(lower)) == interface
    event = dict(EXAMPLES["InstanceStatusEvent"])
    event["appInstanceId"] = event.pop("appInstIdentifier")
    assert (
        to_wire(ewbi.InstanceStatusEvent.model_validate(event)) == EXAMPLES["InstanceStatusEvent"]
    )


def test_multipart_parts_may_be_json_text() -> None:
    form = {k: v for k, v in EXAMPLES["ArtefactUploadForm"].items()}
    form["componentSpec"] = json.dumps(form["componentSpec"][0])
    form["artefactRepoLocation"] = json.dumps(form["artefactRepoLocation"])
    parsed = ewbi.ArtefactUploadForm.model_validate(form)
    assert to_wire(parsed) == EXAMPLES["ArtefactUploadForm"]
    files = dict(FILE_INFO, imgOSType=json.dumps(OS_TYPE))
    assert to_wire(ewbi.FileUploadForm.model_validate(files)) == FILE_INFO


def test_unknown_fields_are_ignored_except_on_variant_results() -> None:
    body = dict(EXAMPLES["ZoneRegistrationRequestData"], vendorExtra=1)
    assert "vendorExtra" not in to_wire(ewbi.ZoneRegistrationRequestData.model_validate(body))
    assert "targetNetworkId" in to_wire(
        ewbi.VariantOnboardingResult.model_validate(EXAMPLES["VariantOnboardingResult"])
    )


def test_dates_need_an_offset() -> None:
    body = dict(EXAMPLES["PartnerStatusEvent"], modificationDate="2024-05-01T10:00:00")
    with pytest.raises(ValidationError) as err:
        ewbi.PartnerStatusEvent.model_validate(body)
    assert err.value.errors()[0]["loc"] == ("modificationDate",)
