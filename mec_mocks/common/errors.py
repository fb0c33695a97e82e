"""Domain errors shared by the mocks.

Services raise these; they carry an HTTP status only as data, so business logic never imports
aiohttp. One middleware (:func:`mec_mocks.common.http.problem_middleware`) renders them as
``application/problem+json`` ProblemDetails ``{type, title, status, detail, instance}`` with the
error's ``headers`` (e.g. ``Retry-After``, ``WWW-Authenticate``).

    ProblemError            500 base class
    +-- BadRequest          400 invalid body, parameter or value
    +-- NotFound            404 unknown resource id
    +-- NotAcceptable       406 no acceptable representation
    +-- Conflict            409 state does not allow the operation
    +-- UnsupportedMedia    415 wrong Content-Type
    +-- RangeNotSatisfiable 416 bad Range header
    +-- Unprocessable       422 well-formed but semantically refused
"""

from __future__ import annotations

from typing import Any

PROBLEM_BASE = "https://op-platform.example/problems/"


class ProblemError(Exception):
    status = 500
    title = "Internal Server Error"
    slug = "internal-error"

    def __init_subclass__(
        cls, *, status: int | None = None, title: str = "", slug: str = "", **kwargs: Any
    ) -> None:
        """``class NotFound(ProblemError, status=404, title="Not Found", slug="not-found")``:
        one line declares an error with its status, title and problem type."""
        super().__init_subclass__(**kwargs)
        if status is not None:
            cls.status, cls.title, cls.slug = status, title, slug

    def __init__(
        self,
        detail: str,
        *,
        title: str | None = None,
        slug: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.headers = dict(headers or {})
        if title is not None:
            self.title = title
        if slug is not None:
            self.slug = slug

    @property
    def type(self) -> str:
        return PROBLEM_BASE + self.slug

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance:
            body["instance"] = instance
        return body


class BadRequest(ProblemError, status=400, title="Bad Request", slug="bad-request"):
    """Invalid body, parameter or value."""


class NotFound(ProblemError, status=404, title="Not Found", slug="not-found"):
    """Unknown resource id."""


class NotAcceptable(ProblemError, status=406, title="Not Acceptable", slug="not-acceptable"):
    """No acceptable representation."""


class Conflict(ProblemError, status=409, title="Conflict", slug="conflict"):
    """The state does not allow the operation."""


class UnsupportedMedia(
    ProblemError, status=415, title="Unsupported Media Type", slug="unsupported-media-type"
):
    """Wrong Content-Type."""


class RangeNotSatisfiable(
    ProblemError, status=416, title="Range Not Satisfiable", slug="range-not-satisfiable"
):
    """Bad Range header."""


class Unprocessable(ProblemError, status=422, title="Unprocessable Entity", slug="unprocessable"):
    """Well-formed but semantically refused."""
