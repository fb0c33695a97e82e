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

Each class below is one row of this tree: ``status, code, title`` (a subclass gives them all,
so a row reads alone). ``code`` is the CAMARA
``ErrorInfo.code``; ``title`` the problem+json title. ``params`` lists
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
    status, code, title = 400, "INVALID_ARGUMENT", "Bad Request"


class Unauthenticated(OpError):
    status, code, title = 401, "UNAUTHENTICATED", "Unauthorized"


class PermissionDenied(OpError):
    status, code, title = 403, "PERMISSION_DENIED", "Forbidden"


class NotFound(OpError):
    status, code, title = 404, "NOT_FOUND", "Not Found"


class MethodNotAllowed(OpError):
    status, code, title = 405, "METHOD_NOT_ALLOWED", "Method Not Allowed"


class Conflict(OpError):
    status, code, title = 409, "CONFLICT", "Conflict"


class AlreadyExists(Conflict):
    status, code, title = 409, "ALREADY_EXISTS", "Conflict"


def refuse_taken(found: object, detail: str, *, field: str, cause: str) -> None:
    """AlreadyExists naming ``field`` when ``found`` (what already holds the id) is not None."""
    if found is not None:
        raise AlreadyExists(detail, params=[(field, "already exists")], cause=cause)


class Gone(OpError):
    status, code, title = 410, "GONE", "Gone"


class UnsupportedMediaType(OpError):
    status, code, title = 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported Media Type"


class PayloadTooLarge(OpError):
    status, code, title = 413, "PAYLOAD_TOO_LARGE", "Payload Too Large"


class Unprocessable(OpError):
    status, code, title = 422, "UNPROCESSABLE_ENTITY", "Unprocessable Entity"


class NotImplementedYet(OpError):
    status, code, title = 501, "NOT_IMPLEMENTED", "Not Implemented"


class UpstreamError(OpError):
    status, code, title = 502, "BAD_GATEWAY", "Bad Gateway"


class Unavailable(OpError):
    status, code, title = 503, "UNAVAILABLE", "Service Unavailable"


class IdentifierNotFound(NotFound):
    """No device matches the identifier (CAMARA 404 IDENTIFIER_NOT_FOUND)."""

    status, code, title = 404, "IDENTIFIER_NOT_FOUND", "Not Found"


class MissingIdentifier(Unprocessable):
    """The device cannot be identified: no identifier given (CAMARA 422)."""

    status, code, title = 422, "MISSING_IDENTIFIER", "Unprocessable Entity"


class UnsupportedIdentifier(Unprocessable):
    """None of the identifiers given is supported here (CAMARA 422)."""

    status, code, title = 422, "UNSUPPORTED_IDENTIFIER", "Unprocessable Entity"


class DeviceNotLocated(Unprocessable):
    """The identified device cannot be placed: unknown here (422 IDENTIFIER_NOT_FOUND)."""

    status, code, title = 422, "IDENTIFIER_NOT_FOUND", "Unprocessable Entity"
