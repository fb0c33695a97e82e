"""The domain error tree. Services raise these; one middleware turns them into HTTP.

    OpError                      500  INTERNAL
    ├── InvalidInput             400  INVALID_ARGUMENT   (bad body, parameter, query)
    ├── Unauthenticated          401  UNAUTHENTICATED
    ├── PermissionDenied         403  PERMISSION_DENIED
    ├── NotFound                 404  NOT_FOUND
    ├── MethodNotAllowed         405  METHOD_NOT_ALLOWED
    ├── Conflict                 409  CONFLICT           (state does not allow the change)
    │   └── AlreadyExists        409  ALREADY_EXISTS
    ├── Gone                     410  GONE               (it existed and was deleted)
    ├── UnsupportedMediaType     415  UNSUPPORTED_MEDIA_TYPE
    ├── Unprocessable            422  UNPROCESSABLE_ENTITY (well-formed but semantically wrong)
    ├── NotImplementedYet        501  NOT_IMPLEMENTED    (operation in the spec, not built)
    ├── UpstreamError            502  BAD_GATEWAY        (a peer answered with an error)
    └── Unavailable              503  UNAVAILABLE        (a dependency is down; retry later)

``code`` is the CAMARA ``ErrorInfo.code``; ``title`` the problem+json title. ``params`` lists
``(field, reason)`` pairs for invalid input; ``cause`` is a short machine-readable reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class OpError(Exception):
    status: int = 500
    code: str = "INTERNAL"
    title: str = "Internal Server Error"

    def __init__(
        self,
        detail: str,
        *,
        params: Sequence[tuple[str, str]] = (),
        cause: str | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.params = list(params)
        self.cause = cause
        self.headers = headers or {}
        self.extra = extra or {}


class InvalidInput(OpError):
    status = 400
    code = "INVALID_ARGUMENT"
    title = "Bad Request"


class Unauthenticated(OpError):
    status = 401
    code = "UNAUTHENTICATED"
    title = "Unauthorized"


class PermissionDenied(OpError):
    status = 403
    code = "PERMISSION_DENIED"
    title = "Forbidden"


class NotFound(OpError):
    status = 404
    code = "NOT_FOUND"
    title = "Not Found"


class MethodNotAllowed(OpError):
    status = 405
    code = "METHOD_NOT_ALLOWED"
    title = "Method Not Allowed"


class Conflict(OpError):
    status = 409
    code = "CONFLICT"
    title = "Conflict"


class AlreadyExists(Conflict):
    code = "ALREADY_EXISTS"


class Gone(OpError):
    status = 410
    code = "GONE"
    title = "Gone"


class UnsupportedMediaType(OpError):
    status = 415
    code = "UNSUPPORTED_MEDIA_TYPE"
    title = "Unsupported Media Type"


class PayloadTooLarge(OpError):
    status = 413
    code = "PAYLOAD_TOO_LARGE"
    title = "Payload Too Large"


class Unprocessable(OpError):
    status = 422
    code = "UNPROCESSABLE_ENTITY"
    title = "Unprocessable Entity"


class NotImplementedYet(OpError):
    status = 501
    code = "NOT_IMPLEMENTED"
    title = "Not Implemented"


class UpstreamError(OpError):
    status = 502
    code = "BAD_GATEWAY"
    title = "Bad Gateway"


class Unavailable(OpError):
    status = 503
    code = "UNAVAILABLE"
    title = "Service Unavailable"


class IdentifierNotFound(NotFound):
    """No device matches the identifier (CAMARA 404 IDENTIFIER_NOT_FOUND)."""

    code = "IDENTIFIER_NOT_FOUND"


class MissingIdentifier(Unprocessable):
    """The device cannot be identified: no identifier given (CAMARA 422)."""

    code = "MISSING_IDENTIFIER"


class UnsupportedIdentifier(Unprocessable):
    """None of the identifiers given is supported here (CAMARA 422)."""

    code = "UNSUPPORTED_IDENTIFIER"


class DeviceNotLocated(Unprocessable):
    """The identified device cannot be placed: unknown here (422 IDENTIFIER_NOT_FOUND)."""

    code = "IDENTIFIER_NOT_FOUND"
