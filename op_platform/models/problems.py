"""The one ``invalidParams`` entry of the RFC 7807 problem bodies (EWBI, SBI, NEF): the three
standards give it the same two members, so the three error bodies share this model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


# No docstring: it would become the JSON Schema's description, which the standards leave out.
class InvalidParam(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    param: str
    reason: str | None = None
