"""Ranking of candidate zones for a device: nearest first, by great-circle distance.

Pure functions, no I/O. A candidate whose position is unknown ranks after every placed one, in
the order it was offered (``hint``: e.g. the rank a home partner gave it). Ties are broken by
hint, then provider and zone id, so the answer is stable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from op_platform.services.discovery.candidate_zones import haversine_km

Position = tuple[float, float]


@dataclass(frozen=True)
class Candidate:
    """A zone a device may be sent to."""

    zone_id: str
    provider: str  # this operator's id or the partner's
    position: Position | None
    hint: int = 0  # lower first among equals (a partner's own ranking)
    name: str | None = None  # the zone's geography details (its common name), when known

    @property
    def zone_name(self) -> str:
        """``edgeCloudZoneName``: the zone's geography details, else its id."""
        return (self.name or self.zone_id)[:64]


@dataclass(frozen=True)
class Ranked:
    candidate: Candidate
    distance_km: float | None


def parse_geolocation(text: str | None) -> Position | None:
    """``"lat,long"`` (EWBI ZoneDetails.geolocation) as a position; None when unusable."""
    if not text:
        return None
    lat_text, sep, lon_text = text.partition(",")
    try:
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        return None
    if not sep or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def rank(here: Position, candidates: Iterable[Candidate]) -> list[Ranked]:
    """Every candidate with its distance from ``here``, nearest first (unplaced ones last)."""
    ranked = [
        Ranked(c, None if c.position is None else haversine_km(here, c.position))
        for c in candidates
    ]

    def key(item: Ranked) -> tuple[int, float, int, str, str]:
        c = item.candidate
        far = item.distance_km is None
        return (int(far), item.distance_km or 0.0, c.hint, c.provider, c.zone_id)

    return sorted(ranked, key=key)


def closest(here: Position, candidates: Iterable[Candidate]) -> Ranked | None:
    ranked = rank(here, candidates)
    return ranked[0] if ranked else None
