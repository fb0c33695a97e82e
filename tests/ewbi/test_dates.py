"""``format: date-time`` fields take RFC 3339 text only: a number (``0``) or a numeric string is
not read as seconds since 1970."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from op_platform.models.ewbi.federation import FederationRequestData
from op_platform.models.nbi.camara_common import SubscriptionRequest
from tests.helpers.contract import assert_conforms
from tests.helpers.federation import ewbi, federation_body, headers_for
from tests.helpers.servers import RunningOp


@pytest.mark.parametrize("date", [0, "0", 1700000000, "1700000000", "2024-01-01", True])
async def test_create_federation_refuses_a_date_that_is_not_rfc3339(
    http: httpx.AsyncClient, op: RunningOp, date: object
) -> None:
    headers = await headers_for(http, op.url)
    body = {**federation_body("http://127.0.0.1:9"), "initialDate": date}
    response = await http.post(ewbi(op.url, "/partner"), json=body, headers=headers)
    assert response.status_code == 400, response.text
    assert_conforms(response, "CreateFederation")
    assert [p["param"] for p in response.json()["invalidParams"]] == ["initialDate"]
    listed = await http.post(
        ewbi(op.url, "/partner"), json=federation_body("http://127.0.0.1:9"), headers=headers
    )
    assert listed.status_code == 200  # nothing was stored by the refused one


def test_text_dates_are_read() -> None:
    body = {**federation_body("http://127.0.0.1:9"), "initialDate": "2024-01-01T10:00:00+02:00"}
    assert FederationRequestData.model_validate(body).initialDate.hour == 10
    with pytest.raises(ValidationError, match="RFC 3339"):
        SubscriptionRequest.model_validate(
            {
                "sink": "https://sink.example.com",
                "config": {"subscriptionDetail": {}, "subscriptionExpireTime": 0},
            }
        )
