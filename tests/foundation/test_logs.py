import json
import logging
from datetime import UTC, datetime

import httpx
import pytest

from op_platform.logs import JsonFormatter, redact, request_id
from tests.helpers.servers import RunningOp


def test_json_line_with_request_id_and_redaction() -> None:
    record = logging.makeLogRecord(
        {
            "name": "t",
            "levelname": "INFO",
            "msg": "sent",
            "client_secret": "s3cret",
            "headers": {"Authorization": "Bearer abc", "x": "1"},
            "partner": "op-b",
        }
    )
    token = request_id.set("rid-9")
    try:
        line = JsonFormatter().format(record)
    finally:
        request_id.reset(token)
    entry = json.loads(line)
    assert entry["request_id"] == "rid-9" and entry["msg"] == "sent"
    assert entry["client_secret"] == "***"
    assert entry["headers"] == {"Authorization": "***", "x": "1"}
    assert entry["partner"] == "op-b"
    assert "s3cret" not in line and "abc" not in line


@pytest.mark.parametrize("created", [0.0, 1.9999, 1_764_748_800.123456, 1_800_000_000.5])
def test_the_timestamp_is_the_iso_time_to_the_millisecond(created: float) -> None:
    record = logging.makeLogRecord({"name": "t", "msg": "m", "created": created})
    entry = json.loads(JsonFormatter().format(record))
    expected = datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")
    assert entry["ts"] == expected


def test_redact_nested_lists() -> None:
    assert redact([{"token": "t", "id": 1}]) == [{"token": "***", "id": 1}]


async def test_access_log_has_no_query_or_auth(
    op: RunningOp, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="op_platform.access")
    await http.get(
        f"{op.url}/healthz?access_token=leaky", headers={"Authorization": "Bearer leaky"}
    )
    records = [r for r in caplog.records if r.name == "op_platform.access"]
    assert records, "no access log line"
    line = JsonFormatter().format(records[-1])
    entry = json.loads(line)
    assert entry["operation"] == "healthz" and entry["status"] == 200
    assert "leaky" not in line
