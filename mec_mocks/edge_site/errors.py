"""Redfish errors: raised by the site's services, rendered by one middleware in the Redfish
error format (``{"error": {"code", "message", "@Message.ExtendedInfo": [...]}}``, DSP0266 9.7).

    RedfishError            500  Base.InternalError
    +-- BadRequest          400  the message names the property (PropertyMissing, ...)
    +-- Unauthorized        401  NoValidSession (with WWW-Authenticate)
    +-- NotFound            404  ResourceMissingAtURI
    +-- MethodNotAllowed    405  OperationNotAllowed (with Allow)
    +-- Conflict            409  the resource's state does not allow the action
    +-- PreconditionFailed  412  If-Match did not match the ETag
    +-- UnsupportedMedia    415
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any

from aiohttp import web

from mec_mocks.edge_site import registry as r

log = logging.getLogger(__name__)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class RedfishError(Exception):
    status = 500
    message_id = f"{r.BASE}.InternalError"

    def __init_subclass__(
        cls, *, status: int | None = None, message: str = "", **kwargs: Any
    ) -> None:
        """``class NotFound(RedfishError, status=404, message="ResourceMissingAtURI")``: one line
        declares an error with its status and Base message."""
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status, cls.message_id = status, f"{r.BASE}.{message}"

    def __init__(
        self,
        detail: str | None = None,
        *,
        message_id: str | None = None,
        args: tuple[Any, ...] = (),
        related: list[str] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.message_id = message_id or self.message_id
        self.args_ = args
        self.related = related
        self.headers = headers or {}
        self.detail = detail or r.render(self.message_id, args)
        super().__init__(self.detail)

    def body(self) -> dict[str, Any]:
        info = r.message(self.message_id, *self.args_, related=self.related)
        if self.detail != info["Message"]:
            info["Message"] = f"{info['Message']} {self.detail}".strip()
        return {
            "error": {
                "code": f"{r.BASE}.GeneralError",
                "message": self.detail,
                "@Message.ExtendedInfo": [info],
            }
        }


class BadRequest(RedfishError, status=400, message="GeneralError"):
    """The message names the property (see the helpers below)."""


class Unauthorized(RedfishError, status=401, message="NoValidSession"):
    """No valid session or credentials (with WWW-Authenticate)."""


class NotFound(RedfishError, status=404, message="ResourceMissingAtURI"):
    """No resource at the URI."""


class MethodNotAllowed(RedfishError, status=405, message="OperationNotAllowed"):
    """The URI does not take the method (with Allow)."""


class Conflict(RedfishError, status=409, message="GeneralError"):
    """The resource's state does not allow the action."""


class PreconditionFailed(RedfishError, status=412, message="PreconditionFailed"):
    """If-Match did not match the ETag."""


class UnsupportedMedia(RedfishError, status=415, message="GeneralError"):
    """The body is not JSON."""


class NotImplementedQuery(RedfishError, status=501, message="QueryParameterUnsupported"):
    """A query parameter the gateway does not support (DSP0266 asks for 501)."""


def _about(key: str, name: str, *args: Any) -> BadRequest:
    """A 400 whose message names the property ``name`` (``RelatedProperties``)."""
    return BadRequest(message_id=f"{r.BASE}.{key}", args=args or (name,), related=[f"#/{name}"])


def _bad_value(key: str, name: str, value: Any) -> BadRequest:
    """A 400 about the value of the property ``name``."""
    return _about(key, name, value, name)


property_missing = partial(_about, "PropertyMissing")
property_unknown = partial(_about, "PropertyUnknown")
not_writable = partial(_about, "PropertyNotWritable")
bad_format = partial(_bad_value, "PropertyValueFormatError")
not_in_list = partial(_bad_value, "PropertyValueNotInList")


def bad_type(name: str, value: Any) -> BadRequest:
    return _bad_value("PropertyValueTypeError", name, json.dumps(value))


def render_error(exc: RedfishError) -> web.Response:
    return web.Response(
        status=exc.status,
        text=json.dumps(exc.body()),
        content_type="application/json",
        headers={"OData-Version": "4.0", **exc.headers},
    )


@web.middleware
async def error_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """The one place errors become HTTP: every error in the Redfish error format."""
    try:
        return await handler(request)
    except RedfishError as exc:
        return render_error(exc)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if isinstance(exc, web.HTTPMethodNotAllowed):
            allow = ", ".join(sorted(exc.allowed_methods))
            return render_error(
                MethodNotAllowed(
                    f"{request.method} is not allowed on {request.path}; allowed: {allow}.",
                    headers={"Allow": allow},
                )
            )
        if isinstance(exc, web.HTTPNotFound):
            return render_error(NotFound(args=(request.path,)))
        err = RedfishError(exc.text or exc.reason, message_id=f"{r.BASE}.GeneralError")
        err.status = exc.status
        return render_error(err)
    except Exception:
        log.exception("unhandled error on %s %s", request.method, request.path)
        return render_error(RedfishError())
