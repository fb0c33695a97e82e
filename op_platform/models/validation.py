"""Validation errors as people read them: the field path and the rule broken.

Used for what arrives (request bodies, parameters: ``api.body``) and for what partners and peers
answer (``clients.ewbi.answers``), so that every refusal names ``where`` and ``why`` the same way:
``offeredAvailabilityZones[0].geolocation: string_pattern_mismatch (String should match pattern
'^...$'; got '999')``.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, ClassVar, NamedTuple, Self

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ValidationError, model_validator

MAX_SHOWN = 80  # characters of an offending value shown in a message


def field_path(loc: tuple[int | str, ...], prefix: str = "") -> str:
    """``a.b[0].c`` from a pydantic location (list indexes in brackets)."""
    path = prefix
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path or "body"


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


def violations(error: ValidationError, prefix: str = "") -> list[tuple[str, str]]:
    """(field path, rule) for every violation; the rule is pydantic's error type with its
    message, and the offending value when there was one."""
    found = []
    for item in error.errors(include_url=False):
        rule = f"{item['type']}: {item['msg']}"
        if item["type"] != "missing" and "input" in item:
            rule += f" (got {_shown(item['input'])})"
        found.append((field_path(tuple(item["loc"]), prefix), rule))
    return found


def summary(error: ValidationError, what: str, prefix: str = "", limit: int = 3) -> str:
    """One line: ``<what> is invalid: path: rule; path: rule (+N more)``."""
    found = violations(error, prefix)
    shown = "; ".join(f"{path}: {rule}" for path, rule in found[:limit])
    more = f" (+{len(found) - limit} more)" if len(found) > limit else ""
    return f"{what} is invalid: {shown}{more}"


DATE_TIME_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}")


def _date_time_text(value: Any) -> Any:
    """Only RFC 3339 text (or a datetime built in code): pydantic would read ``0`` or ``"0"``
    as seconds since 1970, which no OpenAPI ``format: date-time`` allows."""
    if isinstance(value, datetime) or (isinstance(value, str) and DATE_TIME_TEXT.match(value)):
        return value
    raise ValueError("must be an RFC 3339 date-time such as 2025-01-31T12:00:00Z")


DateTimeText = Annotated[AwareDatetime, BeforeValidator(_date_time_text)]
"""A ``format: date-time`` field: RFC 3339 text with a time zone, never a number."""


class OneOf(NamedTuple):
    """A rule over optional fields: at least one of ``names`` is set (with ``exactly``, one and
    no more); ``message`` is the refusal when it is broken."""

    names: tuple[str, ...]
    message: str
    exactly: bool = False

    def broken_by(self, model: BaseModel) -> bool:
        given = sum(getattr(model, name) is not None for name in self.names)
        return given == 0 or (self.exactly and given > 1)


class OneOfRules(BaseModel):
    """Base of the wire models whose optional fields must not all be left out: a model lists its
    :class:`OneOf` rules in ``one_of`` and they are checked after the fields, in order."""

    one_of: ClassVar[tuple[OneOf, ...]] = ()

    @model_validator(mode="after")
    def _check_one_of(self) -> Self:
        for rule in self.one_of:
            if rule.broken_by(self):
                raise ValueError(rule.message)
        return self
