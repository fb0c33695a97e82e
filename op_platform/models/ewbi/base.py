"""Base class and small validation helpers shared by every EWBI wire model."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict

from op_platform.models.validation import OneOf, OneOfRules


class EwbiModel(OneOfRules):
    """Every EWBI body: wire (camelCase) field names, unknown fields ignored.

    The standard never closes an object (no ``additionalProperties: false``), so no model forbids
    extra fields. Dump with :meth:`wire` to get what goes on the wire. Fields of which at least
    one must be set are declared in ``one_of`` (:func:`needs_any`).
    """

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    def wire(self) -> dict[str, Any]:
        """The JSON-ready body: wire names, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def to_wire(model: BaseModel) -> Any:
    """The JSON-ready body of any model, list (root) models included."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def needs_any(names: tuple[str, ...], what: str) -> OneOf:
    """The rule that at least one of ``names`` is set (not None) on ``what``."""
    return OneOf(names, f"{what} needs at least one of: {', '.join(names)}")


def json_text_to_value(value: Any) -> Any:
    """Multipart form parts carry objects as JSON text: decode them, leave anything else alone."""
    if isinstance(value, str | bytes):
        text = value.decode() if isinstance(value, bytes) else value
        if text.strip()[:1] in ("{", "["):
            return json.loads(text)
    return value
