"""GET /admin/federations answers what admin.yaml says, timestamps with their zone included
(SQLite gives them back without one; found by the fuzzer)."""

from __future__ import annotations

from datetime import datetime

import httpx

from op_platform.db.tables import PartnerFederationRow
from op_platform.keys import PLATFORM
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp


async def test_listed_federations_have_rfc3339_timestamps(
    op: RunningOp, http: httpx.AsyncClient
) -> None:
    async with op.app[PLATFORM].database.transaction() as session:
        session.add(
            PartnerFederationRow(
                id="rec-1",
                partner_id="op-b",
                federation_context_id="ctx-b",
                orig_op_federation_id="x",
            )
        )
    response = await http.get(f"{op.url}/admin/federations")
    assert response.status_code == 200, response.text
    assert_conforms(response, "listFederations", "admin.yaml")
    (record,) = response.json()
    assert datetime.fromisoformat(record["created_at"]).tzinfo is not None
