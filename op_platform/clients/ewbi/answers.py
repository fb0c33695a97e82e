"""Reading a partner's answer into the standard's model, naming what is wrong when it does not
fit (the field path and the rule, as ``models.validation`` words it)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from op_platform.errors import UpstreamError
from op_platform.models.validation import summary, violations

M = TypeVar("M", bound=BaseModel)


def parsed(model: type[M], peer: str = "the partner") -> Callable[[httpx.Response], M]:
    """A reader of answers shaped as ``model`` (502 naming the fields when they are not)."""

    def read(response: httpx.Response) -> M:
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamError(
                f"{peer}'s answer is not JSON (a {model.__name__} was expected)",
                cause="invalid_partner_answer",
            ) from exc
        return validated(model, data, f"{peer}'s answer")

    return read


def validated(model: type[M], data: object, what: str, prefix: str = "") -> M:
    """``data`` as ``model``; a 502 naming ``what``, each field path and the rule otherwise."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise UpstreamError(
            summary(exc, f"{what} (a {model.__name__})", prefix),
            cause="invalid_partner_answer",
            params=violations(exc, prefix),
        ) from exc


def nothing(response: httpx.Response) -> None:
    """The answer carries nothing the caller needs (its status said it all)."""
    return None
