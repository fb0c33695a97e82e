"""The two error formats and which path speaks which.

``problem``: RFC 7807 ``application/problem+json`` (EWBI, SBI, MEC-style roots and the ops paths).
``camara``: CAMARA ``ErrorInfo {status, code, message}`` as ``application/json`` (NBI and UNI).
``oauth``: RFC 6749 ``{error, error_description}`` as ``application/json`` (the token endpoint).
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any

from aiohttp import web

from op_platform.errors import OpError

PROBLEM_JSON = "application/problem+json"
CAMARA_MESSAGE_MAX = 512  # ErrorInfo.message maxLength in the CAMARA files


class ErrorStyle(StrEnum):
    PROBLEM = "problem"
    CAMARA = "camara"
    OAUTH = "oauth"  # RFC 6749 section 5.2, for the token endpoint


def problem_body(error: OpError, instance: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": error.title,
        "status": error.status,
        "detail": error.detail,
        "instance": instance,
    }
    if error.cause:
        body["cause"] = error.cause
    if error.params:
        body["invalidParams"] = [{"param": p, "reason": r} for p, r in error.params]
    body.update(error.extra)
    return body


def camara_body(error: OpError) -> dict[str, Any]:
    message = error.detail
    if error.params:
        fields = "; ".join(f"{p}: {r}" for p, r in error.params)
        message = f"{message} ({fields})"
    if len(message) > CAMARA_MESSAGE_MAX:
        message = message[: CAMARA_MESSAGE_MAX - 3] + "..."
    return {"status": error.status, "code": error.code, "message": message}


def oauth_body(error: OpError) -> dict[str, Any]:
    return {
        "error": error.extra.get("error", "invalid_request"),
        "error_description": error.extra.get("error_description", error.detail),
    }


def render_error(style: ErrorStyle, error: OpError, request: web.Request) -> web.Response:
    if style is ErrorStyle.CAMARA:
        body, content_type = camara_body(error), "application/json"
    elif style is ErrorStyle.OAUTH:
        body, content_type = oauth_body(error), "application/json"
    else:
        body, content_type = problem_body(error, request.path), PROBLEM_JSON
    response = web.Response(status=error.status, text=json.dumps(body), content_type=content_type)
    response.headers.update(error.headers)
    return response
