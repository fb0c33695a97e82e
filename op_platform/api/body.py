"""Reading request bodies and parameters into pydantic models, with errors that name the field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel, TypeAdapter, ValidationError

from op_platform.api.context import platform
from op_platform.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from op_platform.models.validation import summary, violations
from perimeter.bodies import MALFORMED, TOO_DEEP, TOO_LARGE, BodyRefused, read_limited
from perimeter.safejson import loads, nul_at

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def invalid(error: ValidationError, what: str, prefix: str = "") -> InvalidInput:
    """400 naming every field path and the rule it broke."""
    return InvalidInput(
        summary(error, what, prefix), params=violations(error, prefix), cause="SCHEMA_VIOLATION"
    )


_CAUSES = {TOO_LARGE: "BODY_TOO_LARGE", TOO_DEEP: "JSON_TOO_DEEP", MALFORMED: "MALFORMED_JSON"}


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


async def read_json(request: web.Request, media_types: Iterable[str] = ()) -> Any:
    """The parsed JSON body; 415 for another content type, 413 over the size limit (checked
    before reading: ``limits.json_bytes``), 400 for malformed JSON or JSON nested deeper than
    ``limits.json_depth``."""
    allowed = set(media_types)
    content_type = request.content_type
    if not (content_type in allowed or (not allowed and _is_json(content_type))):
        wanted = ", ".join(sorted(allowed)) or "application/json"
        raise UnsupportedMediaType(
            f"content type {content_type!r} is not accepted here; send {wanted}"
        )
    limits = platform(request).settings.limits
    try:
        raw = await read_limited(request, limits.json_limit(request.path))
        data = loads(raw, max_depth=limits.json_depth)
    except BodyRefused as exc:
        refused = PayloadTooLarge if exc.status == 413 else InvalidInput
        raise refused(exc.detail, params=[("body", exc.rule)], cause=_CAUSES[exc.rule]) from None
    if b"\\u0000" in raw and (where := nul_at(data)) is not None:
        raise InvalidInput(
            f"request body is invalid: {where} holds a NUL character (U+0000)",
            params=[(where, "NUL character not allowed")],
            cause="SCHEMA_VIOLATION",
        )
    return data


async def parse_body(request: web.Request, model: type[M], media_types: Iterable[str] = ()) -> M:
    data = await read_json(request, media_types)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise invalid(exc, "request body") from exc


async def parse_body_as(request: web.Request, shape: Any, media_types: Iterable[str] = ()) -> Any:
    """Like parse_body for non-model shapes such as ``list[Model]``."""
    data = await read_json(request, media_types)
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        raise invalid(exc, "request body") from exc


def parse_params(values: Mapping[str, str], model: type[M], what: str = "query") -> M:
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise invalid(exc, what, prefix=what) from exc


def json_text(data: Any) -> str:
    """JSON of a model, a list of models or plain data (None fields left out)."""
    if isinstance(data, BaseModel):
        return data.model_dump_json(by_alias=True, exclude_none=True)
    if isinstance(data, list) and data and isinstance(data[0], BaseModel):
        return (
            "["
            + ",".join(item.model_dump_json(by_alias=True, exclude_none=True) for item in data)
            + "]"
        )
    return json.dumps(data, default=str)


def json_bytes(data: Any) -> bytes:
    """What ``json_response`` would send, as bytes: for answers kept in memory and sent again."""
    return json_text(data).encode()


def json_response(data: Any, status: int = 200, **kwargs: Any) -> web.Response:
    """A JSON response from a model, a list of models or plain data (None fields left out)."""
    return web.Response(
        text=json_text(data), status=status, content_type="application/json", **kwargs
    )


def cached_json(body: bytes) -> web.Response:
    """A 200 JSON response of bytes made before (``json_bytes``), with json_response's headers."""
    return web.Response(body=body, content_type="application/json", charset="utf-8")
