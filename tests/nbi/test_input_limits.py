"""Limits the CAMARA files set on what comes in and what goes out: ``x-correlator`` (pattern,
256 characters), ``region`` (64 characters), ``ErrorInfo.message`` (512 characters)."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers.contract import assert_conforms
from tests.helpers.servers import RunningOp
from tests.nbi.helpers import headers, manifest, nbi

SPEC = "nbi.yaml"


@pytest.mark.parametrize("correlator", ["bad correlator!", "a" * 257, "with space"])
async def test_bad_correlator_is_400(
    http: httpx.AsyncClient, nbi_op: RunningOp, correlator: str
) -> None:
    h = await headers(http, nbi_op.url)
    response = await http.get(nbi(nbi_op.url, "/apps"), headers={**h, "x-correlator": correlator})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "INVALID_ARGUMENT"
    assert "x-correlator" in response.json()["message"]
    assert "x-correlator" not in response.headers
    assert_conforms(response, "getApps", SPEC)
    uni = await http.post(
        f"{nbi_op.url}/simple-edge-discovery/v2/retrieve-closest-edge-cloud-zone",
        json={},
        headers={"x-correlator": correlator},
    )
    assert uni.status_code == 400
    longest = await http.get(nbi(nbi_op.url, "/apps"), headers={**h, "x-correlator": "a" * 256})
    assert longest.status_code == 200
    assert longest.headers["x-correlator"] == "a" * 256


async def test_region_over_max_length_is_400(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    for path, operation in (
        ("/appinstances", "getAppInstance"),
        ("/clusters", "getClusters"),
        ("/edge-cloud-zones", "getEdgeCloudZones"),
    ):
        response = await http.get(nbi(nbi_op.url, path), params={"region": "r" * 65}, headers=h)
        assert response.status_code == 400, (path, response.text)
        assert "region" in response.json()["message"]
        assert_conforms(response, operation, SPEC)
        fits = await http.get(nbi(nbi_op.url, path), params={"region": "r" * 64}, headers=h)
        assert fits.status_code == 200


async def test_error_message_fits_max_length(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    h = await headers(http, nbi_op.url)
    body = manifest(**{f"unknown_{n}": n for n in range(50)})
    body["componentSpec"] = [{"componentName": "x" * 300, f"bad_{n}": n} for n in range(30)]
    response = await http.post(nbi(nbi_op.url, "/apps"), json=body, headers=h)
    assert response.status_code == 400
    message = response.json()["message"]
    assert 400 < len(message) <= 512
    assert_conforms(response, "submitApp", SPEC)


async def test_nul_character_in_a_body_is_400(http: httpx.AsyncClient, nbi_op: RunningOp) -> None:
    """PostgreSQL cannot store U+0000: a body holding one is refused, naming where (found by
    the fuzzer: a 500 on PostgreSQL)."""
    h = await headers(http, nbi_op.url)
    body = manifest(extra={"note": ["fine", "a\u0000b"]})
    response = await http.post(nbi(nbi_op.url, "/apps"), json=body, headers=h)
    assert response.status_code == 400, response.text
    assert "extra.note[1]" in response.json()["message"]
    assert_conforms(response, "submitApp", SPEC)
    in_key = await http.post(nbi(nbi_op.url, "/apps"), json={"k\u0000": 1}, headers=h)
    assert in_key.status_code == 400
    escaped = manifest(extra="a\\u0000b")  # a backslash then u0000: plain text, accepted
    assert (await http.post(nbi(nbi_op.url, "/apps"), json=escaped, headers=h)).status_code == 201
