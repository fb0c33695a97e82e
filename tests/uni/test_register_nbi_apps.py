"""A client of an app submitted through the NBI can register at the UNI once it is onboarded."""

from __future__ import annotations

import uuid

import httpx

from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow
from op_platform.keys import PLATFORM
from op_platform.services.identifiers import camara_to_ewbi
from tests.conftest import OpFactory
from tests.uni.helpers import uni_settings, url

APP = {"appName": "nbi_app", "appVersion": "2.0", "appProvider": "provider_nbi"}


async def add_nbi_app(op: object, owner: str, status: str) -> str:
    app_id = str(uuid.uuid4())
    async with op.app[PLATFORM].database.transaction() as session:  # type: ignore[attr-defined]
        session.add(
            NbiAppRow(
                app_id=app_id,
                owner=owner,
                name="nbi_app",
                version="2.0",
                app_provider="provider_nbi",
            )
        )
        session.add(
            NbiAppTargetRow(
                app_id=app_id,
                provider="op-b",
                status=status,
                ewbi_app_id=camara_to_ewbi(app_id),
            )
        )
    return app_id


async def test_register_client_of_an_onboarded_nbi_app(
    start_ops: OpFactory, http: httpx.AsyncClient
) -> None:
    op = await start_ops("op-u", **uni_settings())
    unknown = await http.post(url(op, "/clients/register"), json=APP)
    assert unknown.status_code == 404
    await add_nbi_app(op, "provider-a", "pending")
    pending = await http.post(url(op, "/clients/register"), json=APP)
    assert pending.status_code == 404
    await add_nbi_app(op, "provider-b", "onboarded")
    registered = await http.post(url(op, "/clients/register"), json=APP)
    assert registered.status_code == 201, registered.text
    assert registered.json()["sessionToken"]
