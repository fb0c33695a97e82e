"""3GPP ProblemDetails for the NEF mock (TS 29.122 CommonData ``ProblemDetails``).

Services raise :class:`NefProblem`; the common problem middleware renders it. On top of the
RFC 7807 members it carries ``cause`` (a TS 29.500-style application error) and
``invalidParams`` ``[{param, reason}]`` where ``param`` is a JSON pointer into the request body
(or a query parameter's name). Body parsing lives here too, so every 400 names its parameter.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, ValidationError

from mec_mocks.common.errors import ProblemError

M = TypeVar("M", bound=BaseModel)

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    415: "Unsupported Media Type",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}
JSON = ("application/json",)
MERGE_PATCH = ("application/merge-patch+json",)


class NefProblem(ProblemError):
    def __init__(
        self,
        status: int,
        detail: str,
        *,
        cause: str | None = None,
        params: Sequence[tuple[str, str]] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        title = TITLES.get(status, "Error")
        super().__init__(detail, title=title, slug=title.lower().replace(" ", "-"), headers=headers)
        self.status = status
        self.cause = cause
        self.params = list(params)

    def to_problem(self, instance: str | None = None) -> dict[str, Any]:
        body = super().to_problem(instance)
        if self.cause:
            body["cause"] = self.cause
        if self.params:
            body["invalidParams"] = [{"param": p, "reason": r} for p, r in self.params]
        return body


def invalid(param: str, reason: str, *, cause: str = "MANDATORY_IE_INCORRECT") -> NefProblem:
    """A 400 naming one parameter (``param`` as a JSON pointer, e.g. ``/trafficRoutes/0/dnai``)."""
    return NefProblem(400, f"{param}: {reason}", cause=cause, params=[(param, reason)])


def pointer(loc: Iterable[Any]) -> str:
    return "/" + "/".join(str(part).replace("~", "~0").replace("/", "~1") for part in loc)


def parse_body(model: type[M], data: Any) -> M:
    """Validate ``data`` against ``model``; a 400 listing every offending field otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        params = []
        missing = False
        for err in exc.errors()[:10]:
            loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
            params.append((pointer(loc), err["msg"].removeprefix("Value error, ")))
            missing = missing or err["type"] == "missing"
        detail = "; ".join(f"{p}: {r}" for p, r in params)
        cause = "MANDATORY_IE_MISSING" if missing else "MANDATORY_IE_INCORRECT"
        raise NefProblem(400, f"invalid body: {detail}", cause=cause, params=params) from None


async def read_body(request: web.Request, media_types: tuple[str, ...] = JSON) -> dict[str, Any]:
    """The request's JSON object; 415 for another Content-Type, 400 when it is not JSON."""
    media = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if media not in media_types:
        raise NefProblem(
            415,
            f"Content-Type {media or '(none)'} is not supported; use {', '.join(media_types)}",
            cause="UNSUPPORTED_MEDIA_TYPE",
        )
    try:
        data = json.loads(await request.read())
    except (ValueError, UnicodeDecodeError) as exc:
        raise NefProblem(400, f"malformed JSON body: {exc}", cause="INVALID_MSG_FORMAT") from None
    if not isinstance(data, dict):
        raise NefProblem(400, "the JSON body must be an object", cause="INVALID_MSG_FORMAT")
    return data


def exactly_one(doc: dict[str, Any], names: Sequence[str], what: str) -> str:
    """The one of ``names`` present in ``doc``; a 400 naming them when none or several are."""
    present = [n for n in names if doc.get(n) is not None]
    if len(present) == 1:
        return present[0]
    choices = ", ".join(names)
    if not present:
        reason = f"{what}: one of {choices} is required"
        raise NefProblem(
            400, reason, cause="MANDATORY_IE_MISSING", params=[("/" + names[0], reason)]
        )
    reason = f"{what}: only one of {choices} may be given"
    raise NefProblem(
        400, reason, cause="MANDATORY_IE_INCORRECT", params=[("/" + n, reason) for n in present]
    )


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result
