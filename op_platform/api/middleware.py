"""The root application's middleware: request context, access log, metrics, errors, and the
request's unit of work, in one layer.

Errors are turned into HTTP in this one place, in the format of the interface the path belongs
to (see ``op_platform.api.interfaces``). Sub-applications only add authentication.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import secrets
import time
from collections.abc import Awaitable, Callable

from aiohttp import web
from pydantic import ValidationError

from op_platform import errors
from op_platform.api.context import RUNNING, UNIT
from op_platform.api.interfaces import Interface, interface_for
from op_platform.api.styles import ErrorStyle, render_error
from op_platform.clients import call_context as outbound
from op_platform.db.engine import UnitOfWork, database_unavailable
from op_platform.keys import PLATFORM
from op_platform.logs import request_id
from op_platform.models.validation import summary

log = logging.getLogger("op_platform.access")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
DATABASE_RETRY_AFTER = 5  # seconds a client is asked to wait when the database refuses work
OAUTH_PATHS = frozenset({"/oauth2/token", "/oauth2/revoke"})
CORRELATOR = re.compile(r"^[a-zA-Z0-9-_:;./<>{}]{0,256}$")
TRACEPARENT = re.compile(r"^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$")


def new_traceparent() -> str:
    """A W3C trace context for a request that arrived without one. Trace ids need to be unique,
    not secret: Python's generator (seeded from the OS, again after a fork) instead of a system
    call per request."""
    raw = random.getrandbits(192).to_bytes(24, "big").hex()
    return f"00-{raw[:32]}-{raw[32:]}-01"


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


_PREFIX = secrets.token_hex(4)  # this process's request ids: prefix-counter, cheap and unique
_COUNTER = itertools.count(1)


def _request_id() -> str:
    return f"{_PREFIX}-{next(_COUNTER):x}"


@web.middleware
async def request_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Everything the root application does around a request, in one layer (each layer costs a
    frame on every request): the request's context (id, correlator, trace), its one unit of
    work, errors in the format of its interface, and its access log line and metrics.

    The unit's transaction begins with the handler's first ``session(request)`` and commits once
    the handler returned, before the answer leaves; it rolls back if anything raised.
    """
    iface = interface_for(request.path)
    rid = request.headers.get("X-Request-ID") or _request_id()
    incoming = request.headers.get("x-correlator")
    correlator = incoming if incoming and CORRELATOR.fullmatch(incoming) else None
    refused = _refused_correlator(iface, incoming, correlator)
    trace = request.headers.get("traceparent")
    trace = trace if trace and TRACEPARENT.match(trace) else new_traceparent()
    tokens = (
        request_id.set(rid),
        outbound.correlator.set(correlator or rid),
        outbound.traceparent.set(trace),
    )
    running = request.app[PLATFORM]  # this middleware's own application: the root one
    request[RUNNING] = running
    unit = running.database.unit()
    request[UNIT] = unit
    started = time.perf_counter()
    status = 500
    try:
        response: web.StreamResponse
        if refused is not None:
            response = render_error(ErrorStyle.CAMARA, refused, request)
        else:
            response = await _answer(request, handler, unit, iface)
        status = response.status
        response.headers["X-Request-ID"] = rid
        if correlator:
            response.headers["x-correlator"] = correlator
        return response
    finally:
        elapsed = time.perf_counter() - started
        name = iface.name if iface else "ops"
        operation = _operation(request)
        running.metrics.observe(name, operation, request.method, status, elapsed)
        if log.isEnabledFor(logging.INFO):
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
        request_id.reset(tokens[0])
        outbound.correlator.reset(tokens[1])
        outbound.traceparent.reset(tokens[2])


def _refused_correlator(
    iface: Interface | None, incoming: str | None, correlator: str | None
) -> errors.OpError | None:
    """CAMARA interfaces declare ``x-correlator`` with a pattern and ``maxLength: 256``: a value
    that breaks them is refused (400) rather than silently not echoed. Other interfaces do not
    declare the header and ignore a bad one."""
    if incoming is None or correlator is not None or iface is None:
        return None
    if iface.style is not ErrorStyle.CAMARA:
        return None
    return errors.InvalidInput(
        "header x-correlator must match ^[a-zA-Z0-9-_:;./<>{}]{0,256}$",
        params=[("x-correlator", "pattern, at most 256 characters")],
    )


async def _answer(
    request: web.Request, handler: Handler, unit: UnitOfWork, iface: Interface | None
) -> web.StreamResponse:
    """The handler's answer after its unit of work committed, or the error in the interface's
    format (the unit rolled back)."""
    try:
        try:
            response = await handler(request)
            if unit.pending:  # a read from memory opened nothing: no coroutine to run
                await unit.commit()
        except BaseException:
            await unit.rollback()
            raise
    except errors.OpError as exc:
        return render_error(_style(request, iface), exc, request)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return render_error(_style(request, iface), _from_http(exc, request), request)
    except Exception as exc:
        return render_error(_style(request, iface), _unexpected(exc, request), request)
    return response


def _unexpected(exc: Exception, request: web.Request) -> errors.OpError:
    """An exception no service turned into a domain error: the database unable to take work
    now (503 with Retry-After), an answer this OP built that breaks its own model (500 naming
    the field and the rule), or a bug (500)."""
    if database_unavailable(exc):
        log.warning(
            "database unavailable",
            extra={"operation": _operation(request), "error": type(exc).__name__},
        )
        return errors.Unavailable(
            "the database cannot take this request now; retry later",
            cause="DATABASE_UNAVAILABLE",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER)},
        )
    log.exception("unhandled error", extra={"operation": _operation(request)})
    if isinstance(exc, ValidationError):
        return errors.OpError(summary(exc, "an answer of this OP"))
    return errors.OpError("an unexpected error occurred")


def _style(request: web.Request, iface: Interface | None) -> ErrorStyle:
    if request.path in OAUTH_PATHS:
        return ErrorStyle.OAUTH
    return iface.style if iface else ErrorStyle.PROBLEM
