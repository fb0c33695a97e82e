"""aiohttp helpers shared by the mock servers: the one problem+json middleware and body parsing.

JSON bodies are read with the size and depth limits of the app's :data:`BODY_LIMITS` (1 MiB
and 32 levels unless the app factory sets others): a larger ``Content-Length`` is refused
before anything is read (413), a deeper document before it is parsed (400).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from mec_mocks.common.errors import PROBLEM_BASE, BadRequest, ProblemError, UnsupportedMedia
from perimeter import BodyRefused, loads, read_limited
from perimeter.bodies import JSON_LIMIT
from perimeter.safejson import MAX_DEPTH

log = logging.getLogger(__name__)

PROBLEM_JSON = "application/problem+json"
JSON_TYPES = ("application/json",)

M = TypeVar("M", bound=BaseModel)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass(frozen=True)
class BodyLimits:
    json_bytes: int = JSON_LIMIT
    json_depth: int = MAX_DEPTH


BODY_LIMITS = web.AppKey("body_limits", BodyLimits)


def problem_response(
    status: int,
    title: str,
    detail: str,
    instance: str,
    *,
    type_: str = "about:blank",
    headers: dict[str, str] | None = None,
) -> web.Response:
    body = {"type": type_, "title": title, "status": status, "detail": detail, "instance": instance}
    return web.Response(
        status=status, text=json.dumps(body), content_type=PROBLEM_JSON, headers=headers
    )


@web.middleware
async def problem_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Turn every error into ProblemDetails; the only place where errors become HTTP."""
    instance = request.path
    try:
        return await handler(request)
    except ProblemError as exc:
        return web.Response(
            status=exc.status,
            text=json.dumps(exc.to_problem(instance)),
            content_type=PROBLEM_JSON,
            headers=exc.headers,
        )
    except BodyRefused as exc:
        title = "Content Too Large" if exc.status == 413 else "Bad Request"
        response = problem_response(
            exc.status, title, exc.detail, instance, type_=PROBLEM_BASE + exc.rule
        )
        if exc.status == 413:
            response.force_close()  # the rest of the body is not wanted
        return response
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        headers = {}
        if isinstance(exc, web.HTTPMethodNotAllowed):
            headers["Allow"] = ", ".join(sorted(exc.allowed_methods))
            detail = f"method {request.method} is not allowed on {request.path}"
        elif isinstance(exc, web.HTTPNotFound):
            detail = f"no resource at {request.path}"
        elif isinstance(exc, web.HTTPRequestEntityTooLarge):
            detail = "request body too large"
        else:
            detail = exc.text or exc.reason
        return problem_response(exc.status, exc.reason, detail, instance, headers=headers)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return problem_response(
            500, "Internal Server Error", "the server failed to process the request", instance
        )


def media_type(request: web.Request) -> str:
    return request.content_type.lower() if request.body_exists else ""


def require_content_type(request: web.Request, allowed: Iterable[str]) -> str:
    allowed = tuple(allowed)
    ctype = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype not in allowed:
        raise UnsupportedMedia(
            f"Content-Type {ctype or '(none)'!s} is not supported; use {', '.join(allowed)}"
        )
    return ctype


async def read_json_object(
    request: web.Request, content_types: Iterable[str] = JSON_TYPES
) -> dict[str, Any]:
    """Check the Content-Type and parse a JSON object body (415 / 400 otherwise)."""
    require_content_type(request, content_types)
    limits = request.app.get(BODY_LIMITS) or BodyLimits()
    data = loads(await read_limited(request, limits.json_bytes), max_depth=limits.json_depth)
    if not isinstance(data, dict):
        raise BadRequest("the JSON body must be an object", slug="invalid-body")
    return data


def validation_detail(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        loc = ".".join(str(p) for p in err["loc"]) or "(body)"
        parts.append(f"{loc}: {err['msg']}")
    return "; ".join(parts)


def parse_model(model: type[M], data: Any) -> M:
    """Validate data against a pydantic model; 400 naming the offending field(s)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise BadRequest(f"invalid body: {validation_detail(exc)}", slug="invalid-body") from None


async def read_model(
    request: web.Request, model: type[M], content_types: Iterable[str] = JSON_TYPES
) -> M:
    return parse_model(model, await read_json_object(request, content_types))


def json_response(
    data: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    if isinstance(data, BaseModel):
        text = data.model_dump_json(by_alias=True, exclude_none=True)
    elif isinstance(data, list):
        text = (
            "["
            + ",".join(
                d.model_dump_json(by_alias=True, exclude_none=True)
                if isinstance(d, BaseModel)
                else json.dumps(d)
                for d in data
            )
            + "]"
        )
    else:
        text = json.dumps(data)
    return web.Response(status=status, text=text, content_type="application/json", headers=headers)
