"""NEF mock settings (one instance per app; no module-level instance).

The simulated network is described by its edge sites: each site is one OP zone, served by one
DNAI, at one coordinate; the NEF puts ``cells_per_dnai`` cells around it. Settings come from
the command line and, optionally, a small TOML file (see :func:`load_toml`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, model_validator

from mec_mocks.common.serving import base_url
from perimeter import Policy

DEFAULT_CENTER = (48.8566, 2.3522)
SITE_SPACING_DEG = 0.2  # default sites are placed ~15 km apart, west to east
CAMARA_QOS_PROFILES = ["QOS_E", "QOS_S", "QOS_M", "QOS_L"]


class Site(BaseModel):
    """One edge site: the OP's zone id, the DNAI that serves it and where it is."""

    zone: str = Field(min_length=1)
    dnai: str = Field(min_length=1)
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)


def default_sites() -> list[Site]:
    return [Site(zone="zone-1", dnai="dnai-1"), Site(zone="zone-2", dnai="dnai-2")]


class NefConfig(BaseModel):
    host: str = "127.0.0.1"
    port: int = 9003
    public_url: str | None = None
    """Base URL the AF uses to reach this NEF (self links, Location); default http://host:port."""
    database: str | None = None
    """SQLite file keeping subscriptions and UE positions across restarts; None = memory only."""
    clients: dict[str, str] = Field(default_factory=dict)
    """AF id -> client secret for ``POST /oauth2/token``; the AF id is the ``{afId}`` it may use."""
    sites: list[Site] = Field(default_factory=default_sites)
    ues: int = Field(default=10, ge=0, le=60000)
    seed: int = 1
    move_every: float = Field(default=0.0, ge=0)
    """Seconds between random moves of one UE; 0 = UEs move only when told (admin API)."""
    cells_per_dnai: int = Field(default=3, ge=1, le=16)
    cell_radius_m: float = Field(default=1500.0, gt=0)
    plmn: str = Field(default="00101", pattern=r"^[0-9]{5,6}$")
    token_lifetime: int = Field(default=3600, ge=1)
    qos_references: list[str] = Field(default_factory=lambda: list(CAMARA_QOS_PROFILES))
    notify_attempts: int = Field(default=4, ge=1)
    notify_delay: float = Field(default=0.5, ge=0)
    notify_max_delay: float = Field(default=10.0, ge=0)
    notify_timeout: float = Field(default=5.0, gt=0)
    tick: float = Field(default=0.5, gt=0)
    """How often durations (qosDuration, monitorExpireTime) and random moves are checked."""
    url_policy: Policy = Field(default_factory=Policy)
    """Where notifications may go (an AF's ``notificationDestination``): https to public
    addresses only by default; a lab on one machine allow-lists ``127.0.0.0/8``."""
    ca_file: str | None = None
    """CA bundle to verify https notification destinations with (a lab CA)."""

    @model_validator(mode="after")
    def _unique_sites(self) -> NefConfig:
        for attr in ("zone", "dnai"):
            values = [getattr(s, attr) for s in self.sites]
            dup = sorted({v for v in values if values.count(v) > 1})
            if dup:
                raise ValueError(f"sites: {attr} {', '.join(dup)} given more than once")
        return self

    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port, self.public_url)

    def located_sites(self) -> list[tuple[Site, float, float]]:
        """Every site with its coordinate (a default one east of the last when not given)."""
        out = []
        for i, site in enumerate(self.sites):
            lat = site.lat if site.lat is not None else DEFAULT_CENTER[0]
            lon = site.lon if site.lon is not None else DEFAULT_CENTER[1] + i * SITE_SPACING_DEG
            out.append((site, lat, lon))
        return out


def load_toml(path: str | Path) -> dict[str, Any]:
    """Read a NEF config file: top-level keys are :class:`NefConfig` fields, e.g.

    ``ues = 20``, ``seed = 7``, ``[clients] af-1 = "secret"`` and
    ``[[sites]] zone = "zone-a"  dnai = "dnai-a"  lat = 48.85  lon = 2.35``.
    """
    with Path(path).open("rb") as fh:
        data = tomllib.load(fh)
    unknown = sorted(set(data) - set(NefConfig.model_fields))
    if unknown:
        raise ValueError(f"{path}: unknown settings {', '.join(unknown)}")
    return data


def parse_pair(text: str, sep: str, what: str) -> tuple[str, str]:
    """``"A=B"`` -> ``("A", "B")``; ValueError naming ``what`` otherwise."""
    key, found, value = text.partition(sep)
    if not found or not key or not value:
        raise ValueError(f"expected {what}, got {text!r}")
    return key, value


def parse_location(text: str) -> tuple[str, float, float]:
    """``"ZONE=LAT,LON"`` -> ``(zone, lat, lon)``."""
    zone, coords = parse_pair(text, "=", "ZONE_ID=LAT,LON")
    lat, _, lon = coords.partition(",")
    try:
        return zone, float(lat), float(lon)
    except ValueError:
        raise ValueError(f"expected ZONE_ID=LAT,LON, got {text!r}") from None


def merge_sites(sites: list[Site], dnais: list[str], locations: list[str]) -> list[Site]:
    """Apply ``--dnai ZONE=DNAI`` and ``--zone-location ZONE=LAT,LON`` to the configured sites."""
    by_zone = {s.zone: s.model_copy() for s in sites}
    for item in dnais:
        zone, dnai = parse_pair(item, "=", "ZONE_ID=DNAI")
        old = by_zone.get(zone)
        by_zone[zone] = Site(
            zone=zone, dnai=dnai, lat=old.lat if old else None, lon=old.lon if old else None
        )
    for item in locations:
        zone, lat, lon = parse_location(item)
        if zone not in by_zone:
            raise ValueError(f"--zone-location {zone}: no --dnai {zone}=DNAI given")
        by_zone[zone] = by_zone[zone].model_copy(update={"lat": lat, "lon": lon})
    return list(by_zone.values())
