"""Checking CAMARA identifiers given in paths and queries (UUIDs, lower case, versions 1-5)."""

from __future__ import annotations

import re

from op_platform.errors import InvalidInput
from op_platform.models.nbi.camara_common import PATTERN_CAMARA_UUID

_UUID = re.compile(PATTERN_CAMARA_UUID)


def path_uuid(value: str, name: str) -> str:
    if not _UUID.match(value):
        raise InvalidInput(f"{name} must be a UUID", params=[(name, "not a UUID")])
    return value


def optional_uuid(value: str | None, name: str) -> str | None:
    return None if value is None else path_uuid(value, name)
