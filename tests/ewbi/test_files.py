"""EWBI image files, served: UploadFile, ViewFile, RemoveFile."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from op_platform.models.ewbi import paths
from tests.helpers.applications import IMAGE, file_form, new_context, parts, upload_artefact
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import ewbi, headers_for
from tests.helpers.servers import TEST_CLIENT, TEST_SCOPES, TEST_SECRET, RunningOp

FILE = ("file", ("image.qcow2", IMAGE, "application/octet-stream"))


@pytest.fixture
async def op(start_ops: Any, tmp_path: Path) -> RunningOp:
    clients = [
        {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES},
        {"client_id": "other-client", "client_secret": "other-secret", "scopes": TEST_SCOPES},
    ]
    running: RunningOp = await start_ops(data_dir=str(tmp_path / "data"), clients=clients)
    return running


@pytest.fixture
async def headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url)


@pytest.fixture
async def ctx(http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]) -> str:
    return await new_context(http, op.url, headers)


async def test_upload_view_remove(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, tmp_path: Path
) -> None:
    file_id = str(uuid.uuid4())
    url = ewbi(op.url, paths.files(ctx))
    response = await http.post(url, files=parts(file_form(file_id), FILE), headers=headers)
    assert response.status_code == 200, response.text
    assert_conforms(response, "UploadFile")
    stored = tmp_path / "data" / "ewbi" / ctx / "files" / file_id
    assert stored.read_bytes() == IMAGE

    response = await http.get(ewbi(op.url, paths.file(ctx, file_id)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "ViewFile")
    info = response.json()
    assert info["fileId"] == file_id and info["fileType"] == "QCOW2"
    assert info["imgOSType"]["distribution"] == "UBUNTU"

    response = await http.delete(ewbi(op.url, paths.file(ctx, file_id)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "RemoveFile")
    assert not stored.exists()
    assert (
        await http.get(ewbi(op.url, paths.file(ctx, file_id)), headers=headers)
    ).status_code == 404


@pytest.mark.parametrize("kind", ["application/json", "text/plain", None])
async def test_json_parts_are_read_whatever_their_content_type(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, kind: str | None
) -> None:
    """The contract sends imgOSType as application/json; senders that use text/plain or no
    type at all are understood too."""
    form = file_form(str(uuid.uuid4()))
    fields: list[Any] = []
    for name, value in form.items():
        part_type = kind if name == "imgOSType" else None
        fields.append((name, (None, str(value), part_type) if part_type else (None, str(value))))
    url = ewbi(op.url, paths.files(ctx))
    response = await http.post(url, files=[*fields, FILE], headers=headers)
    assert response.status_code == 200, response.text
    viewed = await http.get(ewbi(op.url, paths.file(ctx, form["fileId"])), headers=headers)
    assert viewed.json()["imgOSType"]["distribution"] == "UBUNTU"


async def test_repository_file_answers_file_repo_location(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    file_id = str(uuid.uuid4())
    location = json.dumps({"repoURL": "https://images.example.com/i.qcow2", "token": "t0k"})
    # The GSMA ViewFile spelling is accepted on input too.
    form = file_form(file_id, repoType="PRIVATEREPO", fileRepolocation=location, checksum=None)
    response = await http.post(ewbi(op.url, paths.files(ctx)), files=parts(form), headers=headers)
    assert response.status_code == 200, response.text
    info = (await http.get(ewbi(op.url, paths.file(ctx, file_id)), headers=headers)).json()
    assert info["fileRepoLocation"] == {"repoURL": "https://images.example.com/i.qcow2"}


@pytest.mark.parametrize(
    ("overrides", "with_file", "status", "field"),
    [
        ({}, False, 400, "file"),
        ({"repoType": "PUBLICREPO"}, False, 400, "fileRepoLocation"),
        ({"fileType": "ISO"}, True, 400, "fileType"),
        ({"imgOSType": "{not json"}, True, 400, "imgOSType"),
        ({"fileId": "nope"}, True, 400, "fileId"),
        ({"checksum": "sha256:" + "0" * 64}, True, 422, "checksum"),
        ({"checksum": "crc32:abcd"}, True, 422, "checksum"),
    ],
)
async def test_upload_errors(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    overrides: dict[str, Any],
    with_file: bool,
    status: int,
    field: str,
) -> None:
    form = file_form(str(uuid.uuid4()), **overrides)
    files = parts(form, FILE) if with_file else parts(form)
    response = await http.post(ewbi(op.url, paths.files(ctx)), files=files, headers=headers)
    assert response.status_code == status, response.text
    assert_conforms(response, "UploadFile")
    assert any(p["param"].startswith(field) for p in response.json()["invalidParams"])


async def test_md5_checksum_accepted_and_duplicate_is_409(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    import hashlib

    form = file_form(str(uuid.uuid4()), checksum=hashlib.md5(IMAGE).hexdigest())
    url = ewbi(op.url, paths.files(ctx))
    assert (await http.post(url, files=parts(form, FILE), headers=headers)).status_code == 200
    response = await http.post(url, files=parts(form, FILE), headers=headers)
    assert response.status_code == 409
    assert_conforms(response, "UploadFile")


async def test_remove_file_used_by_an_artefact_is_409(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    file_id = str(uuid.uuid4())
    url = ewbi(op.url, paths.files(ctx))
    assert (
        await http.post(url, files=parts(file_form(file_id), FILE), headers=headers)
    ).status_code == 200
    artefact_id = await upload_artefact(http, op.url, headers, ctx, file_id)
    response = await http.delete(ewbi(op.url, paths.file(ctx, file_id)), headers=headers)
    assert response.status_code == 409
    assert artefact_id in response.json()["detail"]


async def test_auth_and_context_errors(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    file_id = str(uuid.uuid4())
    url = ewbi(op.url, paths.files(ctx))
    assert (await http.post(url, files=parts(file_form(file_id), FILE))).status_code == 401
    assert (await http.get(ewbi(op.url, paths.file(ctx, file_id)))).status_code == 401
    assert (await http.delete(ewbi(op.url, paths.file(ctx, file_id)))).status_code == 401
    assert (
        await http.post(url, files=parts(file_form(file_id), FILE), headers=headers)
    ).status_code == 200
    other = await headers_for(http, op.url, "other-client", "other-secret")
    for method in ("GET", "DELETE"):
        response = await http.request(method, ewbi(op.url, paths.file(ctx, file_id)), headers=other)
        assert response.status_code == 404
        assert response.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
    response = await http.post(url, files=parts(file_form(str(uuid.uuid4())), FILE), headers=other)
    assert response.status_code == 404
    missing = ewbi(op.url, paths.file(ctx, str(uuid.uuid4())))
    assert (await http.get(missing, headers=headers)).status_code == 404
    assert (await http.delete(missing, headers=headers)).status_code == 404


async def test_malformed_part_header_is_400(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    """A part whose name carries raw bytes breaks the part's headers: 400 naming the body, not
    500 (found by the fuzzer)."""
    boundary = "fuzzboundary"
    body = (
        f"--{boundary}\r\n".encode()
        + b'Content-Disposition: form-data; name="\xc3\xbd+\x08Y\x16"\r\n\r\nvalue\r\n'
        + f"--{boundary}--\r\n".encode()
    )
    content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    for path in (paths.files(ctx), paths.artefacts(ctx)):
        response = await http.post(
            ewbi(op.url, path), content=body, headers={**headers, **content_type}
        )
        assert response.status_code == 400, response.text
        assert response.json()["invalidParams"][0]["param"] == "body"


async def test_nul_character_in_a_form_field_is_400(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    form = file_form(str(uuid.uuid4()), fileDescription="an image\x00 with a NUL")
    response = await http.post(
        ewbi(op.url, paths.files(ctx)), files=parts(form, FILE), headers=headers
    )
    assert response.status_code == 400, response.text
    assert response.json()["invalidParams"][0]["param"] == "fileDescription"
