"""Reading ``multipart/form-data`` bodies into a form model plus at most one binary part.

Text parts are gathered by name (a repeated name becomes a list) and validated with the model,
so errors name the offending field. The binary part named ``file_part`` is streamed to the
spool of :class:`~services.applications.storage.Storage` (hashed, size-limited: 413 beyond
the limit) and never held in memory. Other parts that carry a file name are refused (400).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import BadHttpMessage
from pydantic import BaseModel, ValidationError

from op_platform.api.body import invalid
from op_platform.errors import InvalidInput, UnsupportedMediaType
from op_platform.services.applications.storage import Spooled, Storage

M = TypeVar("M", bound=BaseModel)
MAX_FIELD = 1024 * 1024  # a text part (componentSpec may be large, but not this large)
CHUNK = 64 * 1024


@dataclass
class Form(Generic[M]):
    fields: M
    upload: Spooled | None


async def _text(part: BodyPartReader) -> str:
    data = bytearray()
    while chunk := await part.read_chunk(CHUNK):
        data += chunk
        if len(data) > MAX_FIELD:
            raise InvalidInput(
                f"form field {part.name!r} is larger than {MAX_FIELD} bytes",
                params=[(part.name or "body", "too large for a form field")],
            )
    try:
        text = data.decode(part.get_charset(default="utf-8"))
    except (UnicodeDecodeError, LookupError) as exc:
        raise InvalidInput(
            f"form field {part.name!r} is not text", params=[(part.name or "body", "not text")]
        ) from exc
    if "\x00" in text or (text.lstrip()[:1] in ("{", "[") and "\\u0000" in text):
        raise InvalidInput(
            f"form field {part.name!r} holds a NUL character (U+0000)",
            params=[(part.name or "body", "NUL character not allowed")],
        )
    return text


async def _spool(part: BodyPartReader, storage: Storage, name: str) -> Spooled:
    spooler = storage.spooler(name)
    try:
        while chunk := await part.read_chunk(CHUNK):
            spooler.write(chunk)
    except BaseException:
        spooler.abort()
        raise
    spooled = spooler.finish()
    spooled.filename = part.filename
    spooled.content_type = part.headers.get("Content-Type")
    return spooled


async def read_form(
    request: web.Request, model: type[M], *, file_part: str, storage: Storage
) -> Form[M]:
    """The form's fields as ``model`` and the spooled ``file_part`` (None when absent).

    The caller owns the spooled file: keep it or ``discard()`` it.
    """
    if request.content_type != "multipart/form-data":
        raise UnsupportedMediaType(
            f"content type {request.content_type!r} is not accepted here; send multipart/form-data"
        )
    fields: dict[str, Any] = {}
    upload: Spooled | None = None
    try:
        reader = await request.multipart()
        while (part := await reader.next()) is not None:
            if not isinstance(part, BodyPartReader) or not part.name:
                raise InvalidInput("nested or unnamed multipart parts are not accepted")
            name = part.name
            if name == file_part:
                if upload is not None:
                    raise InvalidInput(
                        f"part {name!r} given twice", params=[(name, "only one file part")]
                    )
                upload = await _spool(part, storage, name)
                continue
            if part.filename is not None:
                raise InvalidInput(
                    f"part {name!r} carries a file; only {file_part!r} may",
                    params=[(name, "unexpected file part")],
                )
            value = await _text(part)
            if name in fields:
                previous = fields[name]
                fields[name] = (
                    [*previous, value] if isinstance(previous, list) else [previous, value]
                )
            else:
                fields[name] = value
        try:
            return Form(model.model_validate(fields), upload)
        except ValidationError as exc:
            raise invalid(exc, "form") from exc
        except ValueError as exc:  # a JSON-valued field that is not JSON
            raise InvalidInput(f"form is invalid: {exc}", cause="SCHEMA_VIOLATION") from exc
    except BadHttpMessage as exc:  # a part's headers are not HTTP headers (a raw byte in a name)
        if upload is not None:
            upload.discard()
        raise InvalidInput(
            f"multipart body is malformed: {exc.message}", params=[("body", "malformed part")]
        ) from exc
    except BaseException:
        if upload is not None:
            upload.discard()
        raise
