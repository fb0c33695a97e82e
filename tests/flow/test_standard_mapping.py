"""The standard OPG.04 calls a package is mapped onto are valid EWBI requests."""

from __future__ import annotations

import json
from email.parser import BytesParser
from email.policy import HTTP

from op_platform.clients.ewbi.calls import queue_body
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.models.ewbi.applications import OnboardApplicationRequest
from op_platform.models.ewbi.artefacts import ArtefactUploadForm, FileUploadForm
from op_platform.services.flow import standard_mapping as standard
from op_platform.services.identifiers import ewbi_app_id, package_key


def operation() -> FlowOperationRow:
    key = package_key("Demo App", "1.0.0", "ACME Corp.", "ab" * 32, "26201")
    return FlowOperationRow(
        id="op1",
        role="origin",
        app_type="cross-network",
        target_network_id="26201",
        package_key=key,
        app_pkg_name="Demo App",
        app_pkg_version="1.0.0",
        app_provider="ACME Corp.",
        checksum_hash="ab" * 32,
        request_body={"appPkgPath": "http://127.0.0.1:9/app.zip"},
        federation_context_id="ctx-1",
        remote_app_id=ewbi_app_id("Demo App", "1.0.0", "ACME Corp."),
    )


def form(body: bytes, content_type: str) -> dict[str, object]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    fields: dict[str, object] = {}
    for part in message.iter_parts():
        text = part.get_content()
        try:
            fields[part.get_param("name", header="content-disposition")] = json.loads(text)
        except ValueError:
            fields[part.get_param("name", header="content-disposition")] = text
    return fields


def test_the_three_calls_are_valid_and_consistent() -> None:
    zones = [{"zoneId": "op-2-berlin"}, {"zoneId": "op-2-munich"}]
    calls = standard.requests(operation(), "http://127.0.0.1:1/cb", zones, "DE")
    assert [c.operation for c in calls] == ["UploadFile", "UploadArtefact", "OnboardApplication"]
    upload_file, upload_artefact, onboard = calls
    assert upload_file.path == "/ctx-1/files" and upload_artefact.path == "/ctx-1/artefact"
    (file_body, file_headers), (art_body, art_headers) = (
        queue_body(upload_file),
        queue_body(upload_artefact),
    )
    assert isinstance(file_body, bytes) and isinstance(art_body, bytes)
    file = FileUploadForm.model_validate(form(file_body, file_headers["Content-Type"]))
    artefact = ArtefactUploadForm.model_validate(form(art_body, art_headers["Content-Type"]))
    assert isinstance(onboard.body, OnboardApplicationRequest)
    request = onboard.body
    assert str(file.fileId) in [str(i) for i in artefact.componentSpec[0].images]
    assert str(request.appComponentSpecs[0].artefactId) == str(artefact.artefactId)
    assert request.appId == operation().remote_app_id
    assert [z.zoneInfo for z in request.appDeploymentZones or []] == ["op-2-berlin", "op-2-munich"]


def test_ids_are_stable_across_retries() -> None:
    assert standard.ids(operation()) == standard.ids(operation())


def test_object_form_parts_are_sent_as_json() -> None:
    """UploadFile/UploadArtefact: object-valued parts go as application/json, text as text."""
    zones = [{"zoneId": "op-2-berlin"}]
    upload_file, upload_artefact, _ = standard.requests(operation(), "http://x/cb", zones, "DE")
    types: dict[str, str] = {}
    for call in (upload_file, upload_artefact):
        body, headers = queue_body(call)
        assert isinstance(body, bytes)
        message = BytesParser(policy=HTTP).parsebytes(
            f"Content-Type: {headers['Content-Type']}\r\n\r\n".encode() + body
        )
        for part in message.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            types[name] = part.get_content_type()
    for name in ("imgOSType", "fileRepoLocation", "artefactRepoLocation", "componentSpec"):
        assert types[name] == "application/json", name
    assert types["fileName"] == "text/plain"
