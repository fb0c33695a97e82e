"""EWBI artefacts, served: UploadArtefact, GetArtefact, RemoveArtefact."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from op_platform.models.ewbi import paths
from tests.helpers.applications import (
    IMAGE,
    artefact_form,
    new_context,
    onboard_body,
    parts,
    upload_artefact,
    upload_file,
)
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import ewbi, headers_for
from tests.helpers.servers import TEST_SCOPES, RunningOp


@pytest.fixture
async def op(start_ops: Any, tmp_path: Path) -> RunningOp:
    other = {"client_id": "other-client", "client_secret": "other-secret", "scopes": TEST_SCOPES}
    from tests.helpers.servers import TEST_CLIENT, TEST_SECRET

    mine = {"client_id": TEST_CLIENT, "client_secret": TEST_SECRET, "scopes": TEST_SCOPES}
    running: RunningOp = await start_ops(
        data_dir=str(tmp_path / "data"),
        clients=[mine, other],
        onboarding={"max_upload_bytes": 4096, "poll_interval": 0.1},
    )
    return running


@pytest.fixture
async def headers(http: httpx.AsyncClient, op: RunningOp) -> dict[str, str]:
    return await headers_for(http, op.url)


@pytest.fixture
async def ctx(http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str]) -> str:
    return await new_context(http, op.url, headers)


async def test_upload_by_repository_then_get(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    artefact_id = str(uuid.uuid4())
    form = artefact_form(
        artefact_id,
        str(uuid.uuid4()),
        artefactRepoLocation=json.dumps(
            {
                "repoURL": "https://repo.example.com/a.tgz",
                "userName": "repo_user_1",
                "password": "s3cret",
            }
        ),
    )
    response = await http.post(
        ewbi(op.url, paths.artefacts(ctx)), files=parts(form), headers=headers
    )
    assert response.status_code == 200, response.text
    assert_conforms(response, "UploadArtefact")

    response = await http.get(ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "GetArtefact")
    info = response.json()
    assert info["artefactId"] == artefact_id
    assert info["artefactName"] == "edge_artefact"
    assert info["repoType"] == "PUBLICREPO"
    # The repository password is not kept, so never shown.
    assert info["artefactRepoLocation"] == {
        "repoURL": "https://repo.example.com/a.tgz",
        "userName": "repo_user_1",
    }


async def test_upload_inline_stores_the_bytes_and_remove_deletes_them(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, tmp_path: Path
) -> None:
    artefact_id = str(uuid.uuid4())
    form = artefact_form(
        artefact_id, str(uuid.uuid4()), repoType="UPLOAD", artefactRepoLocation=None
    )
    response = await http.post(
        ewbi(op.url, paths.artefacts(ctx)),
        files=parts(form, ("artefactFile", ("chart.tgz", IMAGE, "application/gzip"))),
        headers=headers,
    )
    assert response.status_code == 200, response.text
    stored = tmp_path / "data" / "ewbi" / ctx / "artefacts" / artefact_id
    assert stored.read_bytes() == IMAGE
    info = (await http.get(ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=headers)).json()
    assert info["artefactFileName"] == "chart.tgz"

    response = await http.delete(ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=headers)
    assert response.status_code == 200
    assert_conforms(response, "RemoveArtefact")
    assert not stored.exists()
    response = await http.get(ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=headers)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"repoType": "UPLOAD", "artefactRepoLocation": None}, "artefactFile"),
        ({"artefactRepoLocation": None}, "artefactRepoLocation"),
        ({"artefactId": "not-a-uuid"}, "artefactId"),
        ({"artefactVirtType": "BARE_METAL"}, "artefactVirtType"),
        ({"componentSpec": "[{"}, "componentSpec"),
        ({"componentSpec": None}, "componentSpec"),
    ],
)
async def test_upload_errors_name_the_field(
    http: httpx.AsyncClient,
    op: RunningOp,
    headers: dict[str, str],
    ctx: str,
    overrides: dict[str, Any],
    field: str,
) -> None:
    form = artefact_form(str(uuid.uuid4()), str(uuid.uuid4()), **overrides)
    response = await http.post(
        ewbi(op.url, paths.artefacts(ctx)), files=parts(form), headers=headers
    )
    assert response.status_code == 400, response.text
    assert_conforms(response, "UploadArtefact")
    problem = response.json()
    assert any(p["param"].startswith(field) for p in problem["invalidParams"]), problem


async def test_upload_refuses_json_and_oversized_files(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    url = ewbi(op.url, paths.artefacts(ctx))
    response = await http.post(url, json={"artefactId": str(uuid.uuid4())}, headers=headers)
    assert response.status_code == 415
    form = artefact_form(str(uuid.uuid4()), str(uuid.uuid4()), repoType="UPLOAD")
    big = b"x" * 5000
    response = await http.post(
        url,
        files=parts(form, ("artefactFile", ("big.tgz", big, "application/gzip"))),
        headers=headers,
    )
    assert response.status_code == 413
    assert response.headers["content-type"].startswith("application/problem+json")


async def test_duplicate_artefact_is_409(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    form = artefact_form(str(uuid.uuid4()), str(uuid.uuid4()))
    url = ewbi(op.url, paths.artefacts(ctx))
    assert (await http.post(url, files=parts(form), headers=headers)).status_code == 200
    response = await http.post(url, files=parts(form), headers=headers)
    assert response.status_code == 409
    assert_conforms(response, "UploadArtefact")


async def test_no_token_unknown_and_foreign_context(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    artefact_id = str(uuid.uuid4())
    form = artefact_form(artefact_id, str(uuid.uuid4()))
    url = ewbi(op.url, paths.artefacts(ctx))
    response = await http.post(url, files=parts(form))
    assert response.status_code == 401
    assert (await http.get(ewbi(op.url, paths.artefact(ctx, artefact_id)))).status_code == 401
    assert (await http.delete(ewbi(op.url, paths.artefact(ctx, artefact_id)))).status_code == 401
    assert (await http.post(url, files=parts(form), headers=headers)).status_code == 200

    other = await headers_for(http, op.url, "other-client", "other-secret")
    for method in ("GET", "DELETE"):
        response = await http.request(
            method, ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=other
        )
        assert response.status_code == 404
        assert response.json()["cause"] == "FEDERATION_CONTEXT_NOT_FOUND"
    response = await http.post(
        url, files=parts(artefact_form(str(uuid.uuid4()), str(uuid.uuid4()))), headers=other
    )
    assert response.status_code == 404
    response = await http.post(
        ewbi(op.url, paths.artefacts("no-such-context")), files=parts(form), headers=headers
    )
    assert response.status_code == 404
    assert_conforms(response, "UploadArtefact")
    missing = str(uuid.uuid4())
    for method in ("GET", "DELETE"):
        response = await http.request(
            method, ewbi(op.url, paths.artefact(ctx, missing)), headers=headers
        )
        assert response.status_code == 404


async def test_remove_artefact_used_by_an_app_is_409(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str
) -> None:
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    artefact_id = await upload_artefact(http, op.url, headers, ctx, file_id)
    body = onboard_body("edge_app_one", artefact_id, "http://127.0.0.1:9/cb")
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text
    response = await http.delete(ewbi(op.url, paths.artefact(ctx, artefact_id)), headers=headers)
    assert response.status_code == 409
    assert_conforms(response, "RemoveArtefact")
    assert "edge_app_one" in response.json()["detail"]
