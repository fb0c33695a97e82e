"""DeleteFederationDetails takes the context's artefacts, files, applications and stored bytes."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import select

from op_platform.db.tables.application_rows import AppRow, AppZoneRow, ArtefactRow, FileRow
from op_platform.keys import PLATFORM
from op_platform.models.ewbi import paths
from op_platform.services.applications import app_lookup as applications
from tests.helpers.applications import (
    IMAGE,
    artefact_form,
    new_context,
    onboard_body,
    parts,
    upload_file,
)
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import create_federation, ewbi, federation_body, headers_for, wait_for
from tests.helpers.servers import RunningOp

APP = "edge_app_gone"
PACKAGE = b"artefact package bytes" * 32


async def rows(op: RunningOp, ctx: str) -> dict[str, int]:
    """How many rows of each kind the context has."""
    counts = {}
    async with op.app[PLATFORM].database.transaction() as session:
        for table in (ArtefactRow, FileRow, AppRow, AppZoneRow):
            found = await session.exec(select(table).where(table.federation_context_id == ctx))
            counts[table.__tablename__] = len(found.all())
    return counts


async def upload_package(
    http: httpx.AsyncClient, op: RunningOp, headers: dict[str, str], ctx: str, file_id: str
) -> str:
    """An artefact uploaded with its bytes (repoType UPLOAD)."""
    artefact_id = str(uuid.uuid4())
    form = artefact_form(artefact_id, file_id, repoType="UPLOAD", artefactRepoLocation=None)
    response = await http.post(
        ewbi(op.url, paths.artefacts(ctx)),
        files=parts(form, ("artefactFile", ("app.tgz", PACKAGE, "application/gzip"))),
        headers=headers,
    )
    assert response.status_code == 200, response.text
    return artefact_id


async def test_delete_federation_removes_rows_and_stored_bytes(
    http: httpx.AsyncClient, start_ops: Any, tmp_path: Path
) -> None:
    op = await start_ops(data_dir=str(tmp_path), onboarding={"poll_interval": 0.1})
    headers = await headers_for(http, op.url)
    ctx = await new_context(http, op.url, headers)
    file_id = str(uuid.uuid4())
    await upload_file(http, op.url, headers, ctx, file_id)
    artefact_id = await upload_package(http, op, headers, ctx, file_id)
    body = onboard_body(APP, artefact_id, "http://127.0.0.1:9/cb")
    response = await http.post(ewbi(op.url, paths.onboarding(ctx)), json=body, headers=headers)
    assert response.status_code == 202, response.text

    async def onboarded() -> bool:
        async with op.app[PLATFORM].database.transaction() as session:
            return await applications.onboarded_zones(session, ctx, APP) == ["zone-1", "zone-2"]

    await wait_for(onboarded, what="onboarded")

    # Another context of the same client, with its own stored file, must stay untouched.
    other = await create_federation(
        http, op.url, headers, federation_body("http://127.0.0.1:9", orig_id="op-other")
    )
    other_ctx = str(other["federationContextId"])
    other_file = str(uuid.uuid4())
    await upload_file(http, op.url, headers, other_ctx, other_file)

    stored = tmp_path / "ewbi" / ctx
    assert (stored / "files" / file_id).read_bytes() == IMAGE
    assert (stored / "artefacts" / artefact_id).read_bytes() == PACKAGE
    assert await rows(op, ctx) == {
        "ewbi_artefact": 1,
        "ewbi_file": 1,
        "ewbi_app": 1,
        "ewbi_app_zone": 2,
    }

    response = await http.delete(ewbi(op.url, paths.federation(ctx)), headers=headers)
    assert response.status_code == 200, response.text
    assert_conforms(response, "DeleteFederationDetails")

    assert await rows(op, ctx) == {
        "ewbi_artefact": 0,
        "ewbi_file": 0,
        "ewbi_app": 0,
        "ewbi_app_zone": 0,
    }
    assert not stored.exists()
    assert (tmp_path / "ewbi" / other_ctx / "files" / other_file).read_bytes() == IMAGE
    assert (await rows(op, other_ctx))["ewbi_file"] == 1
    app_url = ewbi(op.url, paths.onboarded_app(ctx, APP))
    assert (await http.get(app_url, headers=headers)).status_code == 404

    # The same client federates again (same origOPFederationId) and starts from nothing.
    again = await new_context(http, op.url, headers)
    assert again != ctx
    assert await rows(op, again) == {
        "ewbi_artefact": 0,
        "ewbi_file": 0,
        "ewbi_app": 0,
        "ewbi_app_zone": 0,
    }
    await upload_file(http, op.url, headers, again, file_id)
    second = await upload_package(http, op, headers, again, file_id)
    body = onboard_body(APP, second, "http://127.0.0.1:9/cb")
    response = await http.post(ewbi(op.url, paths.onboarding(again)), json=body, headers=headers)
    assert response.status_code == 202, response.text
    assert (tmp_path / "ewbi" / again / "files" / file_id).read_bytes() == IMAGE
