"""A body in a media type an operation does not take is 415 (the token endpoint: 400, as RFC
6749 says), and every file documents that answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from op_platform.api.interfaces import INTERFACES, Interface
from tests.helpers.contract import METHODS, load
from tests.helpers.servers import RunningOp

ANY_ID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
PATH_VALUES = {
    "{applicationType}": "cross-network",
    "{targetNetworkId}": "26201",
    "{appProviderId}": "provider_one",
    "{poolId}": "pool_0001",
}
FORM_ONLY = {"IssueToken", "RevokeToken"}  # RFC 6749: any other body is 400 invalid_request
# Receivers that take only a token of their own (in the URL the OP gave its NEF, or the bearer
# token it gave an edge site's gateway): a made-up one is refused (401) before the body is read.
OWN_TOKEN_SCHEMES = {"siteBearerAuth"}
ADMIN = Interface("admin", "/admin", INTERFACES[0].style, lambda app: None)
OAUTH = Interface("oauth", "", INTERFACES[0].style, lambda app: None)


def operations_with_bodies(spec: str) -> list[tuple[str, str, str]]:
    found = []
    for path, item in load(spec)["paths"].items():
        for method, op in item.items():
            if method in METHODS and "requestBody" in op:
                found.append((method.upper(), path, op["operationId"]))
    return found


def url_token_ops(spec: str) -> set[str]:
    found = set()
    for path, item in load(spec)["paths"].items():
        for method, op in item.items():
            if method not in METHODS or "requestBody" not in op:
                continue
            schemes = {name for rule in op.get("security", []) for name in rule}
            if "{token}" in path or schemes & OWN_TOKEN_SCHEMES:
                found.add(op["operationId"])
    return found


@pytest.mark.parametrize("iface", [*INTERFACES, ADMIN, OAUTH], ids=lambda i: i.name)
async def test_wrong_media_type_is_a_documented_415(
    op: RunningOp,
    http: httpx.AsyncClient,
    api_headers: Callable[[RunningOp, Interface], Awaitable[dict[str, str]]],
    iface: Interface,
) -> None:
    spec = f"{iface.spec}.yaml"
    headers: dict[str, Any] = await api_headers(op, iface)
    if iface.name == "admin" and op.settings is not None and op.settings.admin_token:
        headers = {"Authorization": f"Bearer {op.settings.admin_token.get_secret_value()}"}
    answers = {}
    for method, template, operation_id in operations_with_bodies(spec):
        path = template
        for part in template.split("/"):
            if part.startswith("{"):
                path = path.replace(part, PATH_VALUES.get(part, ANY_ID))
        response = await http.request(
            method,
            op.url + iface.root + path,
            content=b"plain words",
            headers={**headers, "Content-Type": "text/plain"},
        )
        responses = load(spec)["paths"][template][method.lower()]["responses"]
        documented = str(response.status_code) in responses
        answers[operation_id] = (response.status_code, documented)
    wrong = {
        name: (status, documented)
        for name, (status, documented) in answers.items()
        if not documented or (status != 415 and name not in FORM_ONLY | url_token_ops(spec))
    }
    assert not wrong, wrong
