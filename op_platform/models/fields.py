"""Field types that the wire models of several interfaces share, so that a rule (a pattern, a
range, a minimum length, names as values) is written once and reads the same everywhere."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TypeVar

from pydantic import Field, StringConstraints

T = TypeVar("T")


class WireEnum(StrEnum):
    """An enum whose members' wire values are their names: ``READY = auto()`` is ``"READY"``."""

    @staticmethod
    def _generate_next_value_(name: str, start: int, count: int, last_values: list[str]) -> str:
        return name


NonEmptyList = Annotated[list[T], Field(min_length=1)]
"""A list with at least one item (``minItems: 1``)."""

PATTERN_IPV4 = (
    r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}"
    r"([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$"
)
Ipv4Text = Annotated[str, StringConstraints(pattern=PATTERN_IPV4)]
"""A dotted-quad IPv4 address (the EWBI's and the NEF's pattern)."""

# WGS84 coordinates in decimal degrees.
Latitude = Annotated[float, Field(ge=-90, le=90)]
Longitude = Annotated[float, Field(ge=-180, le=180)]

# Transport ports: a service's (1 to 65535) and any, 0 included (QoD, Traffic Influence filters).
ServicePort = Annotated[int, Field(ge=1, le=65535)]
PortNumber = Annotated[int, Field(ge=0, le=65535)]
