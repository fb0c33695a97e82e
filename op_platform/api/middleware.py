"""The root application's middlewares: request context, access log, metrics, errors, and the
request's unit of work.

Errors are turned into HTTP in this one place, in the format of the interface the path belongs
to (see ``op_platform.api.interfaces``). Sub-applications only add authentication.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from op_platform import errors
from op_platform.api.context import UNIT, platform
from op_platform.api.interfaces import interface_for
from op_platform.api.styles import ErrorStyle, render_error
from op_platform.clients import call_context as outbound
from op_platform.logs import request_id

log = logging.getLogger("op_platform.access")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
OAUTH_PATHS = frozenset({"/oauth2/token", "/oauth2/revoke"})
CORRELATOR = re.compile(r"^[a-zA-Z0-9-_:;./<>{}]{0,256}$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")


def new_traceparent() -> str:
    """A W3C trace context for a request that arrived without one."""
    return f"00-{secrets.token_hex(16)}-{secrets.token_hex(8)}-01"


_HTTP_TO_DOMAIN: dict[int, type[errors.OpError]] = {
    400: errors.InvalidInput,
    401: errors.Unauthenticated,
    403: errors.PermissionDenied,
    404: errors.NotFound,
    405: errors.MethodNotAllowed,
    409: errors.Conflict,
    413: errors.PayloadTooLarge,
    415: errors.UnsupportedMediaType,
    422: errors.Unprocessable,
}


def _from_http(exc: web.HTTPException, request: web.Request) -> errors.OpError:
    kind = _HTTP_TO_DOMAIN.get(exc.status, errors.OpError)
    if isinstance(exc, web.HTTPNotFound):
        detail = f"no resource at {request.path}"
    elif isinstance(exc, web.HTTPMethodNotAllowed):
        allowed = ", ".join(sorted(exc.allowed_methods))
        detail = f"method {request.method} is not allowed on {request.path}; allowed: {allowed}"
    else:
        detail = exc.text or exc.reason
    error = kind(detail, headers={k: v for k, v in exc.headers.items() if k == "Allow"})
    if kind is errors.OpError:
        error.status, error.title = exc.status, exc.reason
    return error


def _operation(request: web.Request) -> str:
    route = request.match_info.route
    if route.name:
        return route.name.split(".")[-1]
    resource = route.resource
    return resource.canonical if resource is not None else "unmatched"


@web.middleware
async def context_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Request id, x-correlator echo, the access log line and the metrics."""
    rid = request.headers.get("X-Request-ID") or uuid.uuid4().hex
    token = request_id.set(rid)
    incoming = request.headers.get("x-correlator")
    correlator = incoming if incoming and CORRELATOR.match(incoming) else None
    trace = request.headers.get("traceparent")
    trace = trace if trace and TRACEPARENT.match(trace) else new_traceparent()
    context_tokens = (
        outbound.correlator.set(correlator or rid),
        outbound.traceparent.set(trace),
    )
    started = time.perf_counter()
    status = 500
    try:
        response = await handler(request)
        status = response.status
        response.headers["X-Request-ID"] = rid
        if correlator:
            response.headers["x-correlator"] = correlator
        return response
    finally:
        elapsed = time.perf_counter() - started
        iface = interface_for(request.path)
        name = iface.name if iface else "ops"
        operation = _operation(request)
        platform(request).metrics.observe(name, operation, request.method, status, elapsed)
        log.info(
            "request",
            extra={
                "interface": name,
                "operation": operation,
                "method": request.method,
                "status": status,
                "duration_ms": round(elapsed * 1000, 2),
            },
        )
        request_id.reset(token)
        outbound.correlator.reset(context_tokens[0])
        outbound.traceparent.reset(context_tokens[1])


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    iface = interface_for(request.path)
    style = iface.style if iface else ErrorStyle.PROBLEM
    if request.path in OAUTH_PATHS:
        style = ErrorStyle.OAUTH
    try:
        response = await handler(request)
    except errors.OpError as exc:
        return render_error(style, exc, request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return render_error(style, _from_http(exc, request), request)
    except Exception:
        log.exception("unhandled error", extra={"operation": _operation(request)})
        return render_error(style, errors.OpError("an unexpected error occurred"), request)
    return response


@web.middleware
async def unit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """One transaction per request: opened by the handler's first ``session(request)``,
    committed once the handler returned (before the answer leaves), rolled back if it raised."""
    unit = platform(request).database.unit()
    request[UNIT] = unit
    try:
        response = await handler(request)
    except BaseException:
        await unit.rollback()
        raise
    await unit.commit()
    return response
