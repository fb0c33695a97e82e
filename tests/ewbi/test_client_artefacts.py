"""EWBI client: artefact and file calls (paths, multipart bodies, answers, partner errors)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from op_platform.clients.ewbi import calls
from op_platform.errors import UpstreamError
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.artefacts import ArtefactUploadForm, FileUploadForm
from tests.helpers.applications import artefact_form, file_form
from tests.helpers.ewbi_client import Peer, expect_peer_error, form_parts, part_types, sent

CTX = "ctx/1"  # a slash proves every value is quoted as one path segment
FILE_ID = str(uuid.uuid4())
ARTEFACT_ID = str(uuid.uuid4())
# Binary content with CRLFs and dashes, as a real image may have.
BLOB = b"\x00\r\n--not-a-boundary\r\n\xff" * 100


def artefact_upload(**overrides: Any) -> ArtefactUploadForm:
    return ArtefactUploadForm.model_validate(artefact_form(ARTEFACT_ID, FILE_ID, **overrides))


def file_upload(**overrides: Any) -> FileUploadForm:
    return FileUploadForm.model_validate(file_form(FILE_ID, **overrides))


async def test_upload_artefact_sends_the_form_and_the_file() -> None:
    peer = Peer()
    peer.answer("POST", paths.artefacts(CTX), 200)
    form = artefact_upload(repoType="UPLOAD", artefactRepoLocation=None)
    await peer.client().send(calls.upload_artefact(CTX, form, BLOB, "bundle.zip"))
    assert sent(peer.last)[:2] == ("POST", "/ctx%2F1/artefact")
    assert peer.last.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert peer.last.headers["authorization"] == "Bearer tok"
    texts, files = form_parts(peer.last)
    assert files == {"artefactFile": ("bundle.zip", BLOB)}
    assert json.loads(texts["componentSpec"])[0]["images"] == [FILE_ID]
    kinds = part_types(peer.last)
    assert kinds["componentSpec"] == "application/json"
    assert kinds["artefactName"] == "text/plain"
    # What the server side reads back is the form that was sent.
    assert ArtefactUploadForm.model_validate(texts) == form


async def test_upload_artefact_from_a_repository_has_no_file_part() -> None:
    peer = Peer()
    peer.answer("POST", paths.artefacts(CTX), 200)
    form = artefact_upload()
    await peer.client().send(calls.upload_artefact(CTX, form))
    texts, files = form_parts(peer.last)
    assert files == {}
    assert part_types(peer.last)["artefactRepoLocation"] == "application/json"
    assert json.loads(texts["artefactRepoLocation"]) == {
        "repoURL": "https://repo.example.com/a.tgz"
    }
    assert ArtefactUploadForm.model_validate(texts) == form


async def test_get_and_remove_artefact() -> None:
    peer = Peer()
    info = artefact_upload().model_dump(mode="json", exclude_none=True, exclude={"componentSpec"})
    peer.answer("GET", paths.artefact(CTX, ARTEFACT_ID), 200, info)
    peer.answer("DELETE", paths.artefact(CTX, ARTEFACT_ID), 200)
    client = peer.client()
    got = await client.send(calls.get_artefact(CTX, ARTEFACT_ID))
    assert got.artefactId == ARTEFACT_ID and got.artefactName == "edge_artefact"
    assert got.artefactRepoLocation is not None
    await client.send(calls.remove_artefact(CTX, ARTEFACT_ID))
    assert sent(peer.last) == ("DELETE", paths.artefact(CTX, ARTEFACT_ID), None)


async def test_upload_view_and_remove_file() -> None:
    peer = Peer()
    peer.answer("POST", paths.files(CTX), 200)
    info = file_upload().model_dump(mode="json", exclude_none=True)
    info["fileRepolocation"] = {"repoURL": "https://repo.example.com/i.qcow2"}  # GSMA spelling
    peer.answer("GET", paths.file(CTX, FILE_ID), 200, info)
    peer.answer("DELETE", paths.file(CTX, FILE_ID), 200)
    client = peer.client()
    form = file_upload()
    await client.send(calls.upload_file(CTX, form, BLOB, "image.qcow2"))
    texts, files = form_parts(peer.last)
    assert files == {"file": ("image.qcow2", BLOB)}
    assert json.loads(texts["imgOSType"])["distribution"] == "UBUNTU"
    assert part_types(peer.last)["imgOSType"] == "application/json"
    assert FileUploadForm.model_validate(texts) == form
    viewed = await client.send(calls.view_file(CTX, FILE_ID))
    assert viewed.fileId == FILE_ID and viewed.fileRepoLocation is not None
    await client.send(calls.remove_file(CTX, FILE_ID))
    assert sent(peer.last) == ("DELETE", paths.file(CTX, FILE_ID), None)


Call = Callable[[Any], Awaitable[Any]]
CALLS: dict[str, tuple[str, str, Call]] = {
    "UploadArtefact": (
        "POST",
        paths.artefacts(CTX),
        lambda c: c.send(calls.upload_artefact(CTX, artefact_upload())),
    ),
    "GetArtefact": (
        "GET",
        paths.artefact(CTX, ARTEFACT_ID),
        lambda c: c.send(calls.get_artefact(CTX, ARTEFACT_ID)),
    ),
    "RemoveArtefact": (
        "DELETE",
        paths.artefact(CTX, ARTEFACT_ID),
        lambda c: c.send(calls.remove_artefact(CTX, ARTEFACT_ID)),
    ),
    "UploadFile": (
        "POST",
        paths.files(CTX),
        lambda c: c.send(calls.upload_file(CTX, file_upload())),
    ),
    "ViewFile": ("GET", paths.file(CTX, FILE_ID), lambda c: c.send(calls.view_file(CTX, FILE_ID))),
    "RemoveFile": (
        "DELETE",
        paths.file(CTX, FILE_ID),
        lambda c: c.send(calls.remove_file(CTX, FILE_ID)),
    ),
}


@pytest.mark.parametrize("status", [400, 404, 409, 422])
@pytest.mark.parametrize("operation", sorted(CALLS))
async def test_partner_errors_carry_its_problem(operation: str, status: int) -> None:
    peer = Peer()
    method, path, call = CALLS[operation]
    client = peer.client()
    await expect_peer_error(peer, method, path, status, lambda: call(client))


async def test_an_answer_that_is_not_the_model_is_an_upstream_error() -> None:
    peer = Peer()
    peer.answer("GET", paths.file(CTX, FILE_ID), 200, {"fileId": FILE_ID})
    with pytest.raises(UpstreamError) as error:
        await peer.client().send(calls.view_file(CTX, FILE_ID))
    assert error.value.cause == "invalid_partner_answer"
