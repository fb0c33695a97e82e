"""Each interface answers bad requests in its own error format."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from aiohttp import web
from pydantic import BaseModel, Field
from sqlalchemy.exc import OperationalError

from op_platform.api.interfaces import INTERFACES, Interface
from op_platform.api.middleware import request_middleware
from op_platform.api.styles import ErrorStyle
from op_platform.keys import PLATFORM
from op_platform.spec_files import json_media_types, load_spec, operations
from tests.helpers.servers import RunningOp, bare_platform, serve

IDS = {"ewbi": "fedctx-1", "nbi": "8c3f0f7e-5b1f-4c36-9d0c-7e6f0e0c8a11"}


def check_format(iface: Interface, response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    if iface.style is ErrorStyle.CAMARA:
        assert response.headers["content-type"].startswith("application/json")
        assert set(body) == {"status", "code", "message"}
        assert body["status"] == status and body["code"] and body["message"]
    else:
        assert response.headers["content-type"].startswith("application/problem+json")
        assert body["status"] == status and body["title"] and body["detail"]
    return body


PATH_VALUES = {"applicationType": "cross-network"}


def fill(path: str) -> str:
    """A concrete path: valid enum values where the spec has them, an id-like value elsewhere."""
    return re.sub(r"\{([^}]+)\}", lambda m: PATH_VALUES.get(m.group(1), "x1234567"), path)


def json_operation(iface: Interface) -> tuple[str, str]:
    for method, path, operation in operations(load_spec(iface.spec)):
        if json_media_types(operation):
            return method, fill(path)
    pytest.skip(f"{iface.spec}.yaml has no operation with a JSON body")


@pytest.mark.parametrize("iface", INTERFACES, ids=lambda i: i.name)
async def test_malformed_json(
    iface: Interface, op: RunningOp, http: httpx.AsyncClient, api_headers: Any
) -> None:
    method, path = json_operation(iface)
    headers = {"Content-Type": "application/json", **await api_headers(op, iface)}
    response = await http.request(
        method, op.url + iface.root + path, content=b'{"a": ', headers=headers
    )
    body = check_format(iface, response, 400)
    assert "JSON" in (body.get("detail") or body.get("message"))


@pytest.mark.parametrize("iface", INTERFACES, ids=lambda i: i.name)
async def test_wrong_content_type(
    iface: Interface, op: RunningOp, http: httpx.AsyncClient, api_headers: Any
) -> None:
    method, path = json_operation(iface)
    headers = {"Content-Type": "text/plain", **await api_headers(op, iface)}
    response = await http.request(
        method, op.url + iface.root + path, content=b"hello", headers=headers
    )
    check_format(iface, response, 415)


@pytest.mark.parametrize("iface", INTERFACES, ids=lambda i: i.name)
async def test_unknown_path(
    iface: Interface, op: RunningOp, http: httpx.AsyncClient, api_headers: Any
) -> None:
    url = f"{op.url}{iface.root}/no/such/resource/here"
    response = await http.get(url, headers=await api_headers(op, iface))
    check_format(iface, response, 404)


@pytest.mark.parametrize("iface", INTERFACES, ids=lambda i: i.name)
async def test_wrong_method(
    iface: Interface, op: RunningOp, http: httpx.AsyncClient, api_headers: Any
) -> None:
    spec = load_spec(iface.spec)
    path = next(iter(spec["paths"]))
    unused = next(m for m in ("put", "patch", "delete", "post") if m not in spec["paths"][path])
    url = op.url + iface.root + fill(path)
    response = await http.request(unused.upper(), url, headers=await api_headers(op, iface))
    check_format(iface, response, 405)
    assert response.headers["Allow"]


def test_unknown_root_is_problem_json() -> None:
    assert all(i.root.startswith("/") and not i.root.endswith("/") for i in INTERFACES)


async def answer_of(http: httpx.AsyncClient, path: str, handler: Any) -> httpx.Response:
    """GET ``path`` served by ``handler`` behind the root middleware."""
    app = web.Application(middlewares=[request_middleware])
    app[PLATFORM] = bare_platform()
    app.router.add_get(path, handler)
    server = await serve(app)
    try:
        return await http.get(f"{server.url}{path}")
    finally:
        await server.stop()


@pytest.mark.parametrize(
    ("root", "style"),
    [
        ("/edge-application-management/v0.1alpha1", "camara"),
        ("/operatorplatform/federation/v1", "problem"),
    ],
)
async def test_unexpected_exception_is_500_without_traceback(
    root: str, style: str, http: httpx.AsyncClient
) -> None:
    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("secret internal detail")

    response = await answer_of(http, root + "/boom", boom)
    assert response.status_code == 500
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    if style == "camara":
        assert response.json() == {
            "status": 500,
            "code": "INTERNAL",
            "message": "an unexpected error occurred",
        }
    else:
        assert response.json()["status"] == 500


async def test_an_answer_breaking_its_model_names_the_field_and_the_rule(
    http: httpx.AsyncClient,
) -> None:
    """A 500 from an answer this OP built wrong still says where and why (not the value)."""

    class Answer(BaseModel):
        zoneId: str = Field(min_length=1)

    async def broken(request: web.Request) -> web.Response:
        Answer.model_validate({"zoneId": ""})
        return web.Response()

    response = await answer_of(http, "/operatorplatform/federation/v1/broken", broken)
    assert response.status_code == 500
    detail = response.json()["detail"]
    assert "zoneId: string_too_short" in detail, detail


async def test_a_database_that_cannot_take_work_is_503_with_retry_after(
    http: httpx.AsyncClient,
) -> None:
    async def locked(request: web.Request) -> web.Response:
        raise OperationalError("UPDATE zone", {}, Exception("database is locked"))

    response = await answer_of(http, "/edge-application-management/v0.1alpha1/locked", locked)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["code"] == "UNAVAILABLE"  # CAMARA ErrorInfo on the NBI
