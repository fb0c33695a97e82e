"""A scripted partner for EWBI client tests: issues tokens, records requests, answers per route."""

from __future__ import annotations

import email
import email.policy
import json
from typing import Any

import httpx
import pytest

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import EwbiClient
from op_platform.models.ewbi.paths import EWBI_ROOT
from op_platform.settings import Partner

ORIGIN = "http://partner.test"
PROBLEM = "application/problem+json"


class Peer:
    """Answers ``(method, path)`` (path relative to the EWBI root) with a status and JSON body."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self.answers: dict[tuple[str, str], tuple[int, Any]] = {}

    def answer(self, method: str, path: str, status: int, body: Any = None) -> None:
        self.answers[(method, EWBI_ROOT + path)] = (status, body)

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/oauth2/token":
            return httpx.Response(200, json={"access_token": "tok", "expires_in": 3600})
        self.requests.append(request)
        status, body = self.answers.get(
            (request.method, request.url.raw_path.decode().split("?")[0]),
            (404, problem(404, "no such route")),
        )
        if body is None:
            return httpx.Response(status)
        content_type = PROBLEM if status >= 400 else "application/json"
        return httpx.Response(
            status, content=json.dumps(body).encode(), headers={"Content-Type": content_type}
        )

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def client(self) -> EwbiClient:
        http = httpx.AsyncClient(transport=httpx.MockTransport(self.handler))
        partner = Partner.model_validate(
            {
                "id": "op-b",
                "ewbi_base_url": ORIGIN + EWBI_ROOT,
                "token_url": ORIGIN + "/oauth2/token",
                "client_id": "op-a",
                "client_secret": "s3cret",
            }
        )
        return EwbiClient(http, partner)


def problem(status: int, detail: str) -> dict[str, Any]:
    return {"title": "error", "status": status, "detail": detail, "cause": f"cause_{status}"}


def sent(request: httpx.Request) -> tuple[str, str, Any]:
    """Method, path (relative to the EWBI root, still quoted) and JSON body (or None)."""
    path = request.url.raw_path.decode()
    assert path.startswith(EWBI_ROOT), path
    is_json = request.headers.get("content-type", "").startswith("application/json")
    body = json.loads(request.content) if request.content and is_json else None
    return request.method, path[len(EWBI_ROOT) :], body


def form_parts(request: httpx.Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """A multipart request's text parts and file parts (name -> (file name, bytes))."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.content, policy=email.policy.HTTP)
    assert message.is_multipart()
    texts: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        filename = part.get_filename()
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes)
        if filename is None:
            texts[name] = payload.decode()
        else:
            files[name] = (filename, payload)
    return texts, files


def part_types(request: httpx.Request) -> dict[str, str]:
    """The content type of each part of a multipart request, by part name."""
    head = f"Content-Type: {request.headers['content-type']}\r\n\r\n".encode()
    message = email.message_from_bytes(head + request.content, policy=email.policy.HTTP)
    return {
        str(part.get_param("name", header="content-disposition")): part.get_content_type()
        for part in message.iter_parts()
    }


async def expect_peer_error(peer: Peer, method: str, path: str, status: int, call: Any) -> None:
    """``call()`` raises PeerError carrying the partner's status and ProblemDetails."""
    body = problem(status, f"refused with {status}")
    peer.answer(method, path, status, body)
    with pytest.raises(PeerError) as error:
        await call()
    assert error.value.peer_status == status
    assert error.value.peer_body == body
