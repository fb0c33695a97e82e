import httpx

from op_platform.keys import PLATFORM
from tests.helpers.servers import RunningOp


async def test_healthz_and_readyz(op: RunningOp, http: httpx.AsyncClient) -> None:
    assert (await http.get(f"{op.url}/healthz")).json() == {"status": "ok"}
    ready = await http.get(f"{op.url}/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"


async def test_readyz_fails_when_database_unreachable(
    op: RunningOp, http: httpx.AsyncClient
) -> None:
    database = op.app[PLATFORM].database

    async def broken() -> None:
        raise OSError("connection refused")

    database.ping = broken  # type: ignore[method-assign]
    response = await http.get(f"{op.url}/readyz")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "database not reachable"


async def test_metrics_count_requests_per_interface(op: RunningOp, http: httpx.AsyncClient) -> None:
    await http.get(f"{op.url}/edge-application-management/v0.1alpha1/apps")
    await http.get(f"{op.url}/operatorplatform/federation/v1/nowhere")
    await http.get(f"{op.url}/healthz")
    response = await http.get(f"{op.url}/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'interface="nbi"' in text and 'interface="ewbi"' in text
    assert 'op_http_requests_total{interface="ops",method="GET",operation="healthz"' in text
    assert "op_http_request_duration_seconds_bucket" in text


async def test_openapi_files_are_served(op: RunningOp, http: httpx.AsyncClient) -> None:
    response = await http.get(f"{op.url}/openapi/ewbi.yaml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/yaml")
    assert "openapi:" in response.text
    missing = await http.get(f"{op.url}/openapi/nothing.yaml")
    assert missing.status_code == 404 and "nothing" in missing.json()["detail"]


async def test_request_id_and_correlator_are_echoed(op: RunningOp, http: httpx.AsyncClient) -> None:
    response = await http.get(
        f"{op.url}/edge-application-management/v0.1alpha1/none",
        headers={"x-correlator": "abc-123", "X-Request-ID": "rid-1"},
    )
    assert response.headers["x-correlator"] == "abc-123"
    assert response.headers["X-Request-ID"] == "rid-1"
    bad = await http.get(f"{op.url}/healthz", headers={"x-correlator": "bad correlator!"})
    assert "x-correlator" not in bad.headers
