"""Settings of one Operator Platform: a TOML file, overridden by ``OP_`` environment variables.

Environment keys map onto the settings tree: ``OP_DATABASE_URL`` sets ``database_url``,
``OP_LISTEN__PORT`` sets ``listen.port`` (a double underscore goes one level down). Values that
parse as JSON (numbers, lists, objects) are taken as such; anything else is a string.

There is no module-level instance: ``load_settings`` builds one and the caller passes it on.
"""

from __future__ import annotations

import json
import os
import tempfile
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AnyHttpUrl,
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from op_platform.edge_settings import EdgeSettings as EdgeSettings
from op_platform.edge_settings import EdgeSite as EdgeSite
from op_platform.network_settings import NefSettings
from op_platform.network_settings import QosProfile as QosProfile
from op_platform.perimeter_settings import ClientTls, Limits, Listen, Security, outbound_default
from perimeter import Policy

ENV_PREFIX = "OP_"
SECRET_NAMES = {"client_secret", "admin_token", "key_passphrase", "metrics_token", "password"}

OperatorId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=64)]
Plmn = Annotated[str, StringConstraints(pattern=r"^\d{5,6}$")]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
ZoneId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*$", max_length=64)]


class ConfigError(Exception):
    """The configuration cannot be used; the message names the file and the bad fields."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Partner(Strict):
    """A partner OP this OP may federate with (this OP is the originating side)."""

    id: OperatorId
    ewbi_base_url: AnyHttpUrl
    token_url: AnyHttpUrl
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    network_ids: list[str] = Field(default_factory=list)
    tls: ClientTls | None = None  # how this partner is verified and what we present to it


class Client(Strict):
    """A client allowed to call this OP's EWBI (a partner acting as originating OP)."""

    client_id: str = Field(min_length=1, max_length=128)
    client_secret: SecretStr
    scopes: list[str] = Field(default_factory=lambda: ["fed-mgmt"])


class Zone(Strict):
    """An availability zone of this OP's own edge cloud. With ``edge_site``, its capacity and
    availability come from the site's nodes (the configured figures are used until the first
    reading)."""

    zone_id: ZoneId
    geography_details: str = Field(min_length=1)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    region: str = ""
    num_cpu: int = Field(default=64, ge=0)
    memory_mb: int = Field(default=262144, ge=0)
    storage_gb: int = Field(default=2048, ge=0)
    dnai: str | None = Field(default=None, min_length=1, max_length=64)  # default: the zone id
    edge_site: EdgeSite | None = None


class Cell(Strict):
    """A radio cell and where it is: resolves a client's ``rad_location`` to a position."""

    mcc: int = Field(ge=1, le=999)
    mnc: int = Field(ge=1, le=999)
    cell_id: int = Field(ge=0)
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)


class DeviceCell(Strict):
    """The serving cell of a device (its position is the configured ``cells`` entry)."""

    mcc: int = Field(ge=1, le=999)
    mnc: int = Field(ge=1, le=999)
    cell_id: int = Field(ge=0)


class Device(Strict):
    """A device the UNI can locate: its identifiers, and its serving cell or its position.

    ``home_operator`` names the partner whose network the device belongs to (a roaming device);
    the UNI then asks that partner for candidate zones over the EWBI.
    """

    phone_number: str | None = Field(default=None, pattern=r"^\+[1-9][0-9]{4,14}$")
    network_access_identifier: str | None = Field(default=None, max_length=2048)
    ipv4_address: str | None = None  # the public address the device is seen with
    ipv6_address: str | None = None
    cell: DeviceCell | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    home_operator: OperatorId | None = None

    @model_validator(mode="after")
    def _identified_and_placed(self) -> Device:
        ids = (
            self.phone_number,
            self.network_access_identifier,
            self.ipv4_address,
            self.ipv6_address,
        )
        if all(value is None for value in ids):
            raise ValueError("a device needs at least one identifier")
        placed = self.latitude is not None and self.longitude is not None
        half = (self.latitude is None) != (self.longitude is None)
        if half or placed == (self.cell is not None):
            raise ValueError("a device needs either cell or latitude and longitude")
        return self


class DiscoveryApp(Strict):
    """The application named when asking a home partner for candidate zones (GetCandidateZones)."""

    app_id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{7,63}$")
    app_provider_id: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_]{7,63}$")


UniIdentifier = Literal["phoneNumber", "networkAccessIdentifier", "ipv4Address", "ipv6Address"]


def _default_identifiers() -> list[UniIdentifier]:
    return ["phoneNumber", "ipv4Address", "ipv6Address"]


class UniSettings(Strict):
    """The UNI: which device identifiers it accepts, how long client sessions last, and the
    application named in edge discovery requests to a roaming device's home partner.
    ``networkAccessIdentifier`` is off by default (CAMARA does not allow its use yet)."""

    identifiers: list[UniIdentifier] = Field(default_factory=_default_identifiers)
    session_ttl: int = Field(default=900, ge=10, le=86400)
    discovery_app: DiscoveryApp | None = None


class InstanceSettings(Strict):
    """The application instance lifecycle: how long deploying and terminating take."""

    enabled: bool = True  # run the lifecycle worker in this process
    poll_interval: float = Field(default=0.5, gt=0)
    deploy_seconds: float = Field(default=0.2, ge=0)
    terminate_seconds: float = Field(default=0.2, ge=0)
    # how often ended resource pool reservations are looked for (reserveDuration is in days)
    pool_check_interval: float = Field(default=60.0, gt=0)


class OnboardingSettings(Strict):
    """EWBI artefacts, image files and application onboarding served to partners."""

    enabled: bool = True  # run the onboarding driver in this process
    poll_interval: float = Field(default=1.0, gt=0)
    prepare_seconds: float = Field(default=0.0, ge=0)  # how long a zone stays PENDING
    max_upload_bytes: int = Field(default=256 * 1024 * 1024, ge=1)


class FlowSettings(Strict):
    """The federated onboarding flow: how long a hop waits for the next before answering 202;
    ``offer_variant`` false makes this OP a standard-only partner (no op_target_systems variant
    on its EWBI, none in its published contract)."""

    offer_variant: bool = True
    sync_timeout: float = Field(default=5.0, gt=0)
    meo_subscribe_retry: float = Field(default=5.0, gt=0)


class OutboxSettings(Strict):
    """The outbox worker: how often it polls, how it backs off, when it gives up."""

    enabled: bool = True
    poll_interval: float = Field(default=1.0, gt=0)
    base_delay: float = Field(default=1.0, gt=0)
    max_delay: float = Field(default=300.0, gt=0)
    max_attempts: int = Field(default=20, ge=1)
    lease_seconds: float = Field(default=60.0, gt=0)
    concurrency: int = Field(default=32, ge=1, le=256)
    breaker_threshold: int = Field(default=5, ge=1)
    breaker_cooldown: float = Field(default=30.0, gt=0)
    # Seconds a delivered message is kept (for the admin views, and its dedup key remembered:
    # enqueueing again with that key adds nothing meanwhile); then it is deleted. Dead messages
    # are kept until retried.
    keep_delivered: float = Field(default=7 * 86400.0, gt=0)
    # A message enqueued while this process's worker has a free slot is written leased to it and
    # sent as soon as its transaction commits, with no claim (outbox/direct.py). Off: every
    # message waits for the worker's next claim transaction.
    direct_sends: bool = True


class NbiSettings(Strict):
    """The NBI: ``allow_http_sinks`` accepts plain ``http://`` subscription sinks (labs); CAMARA
    allows only ``https://`` sinks, and so does the NBI by default."""

    allow_http_sinks: bool = False


class Settings(Strict):
    operator_id: OperatorId
    country_code: CountryCode
    mobile_network_ids: list[Plmn] = Field(default_factory=list)
    fixed_network_ids: list[str] = Field(default_factory=list)
    listen: Listen = Field(default_factory=Listen)
    public_base_url: AnyHttpUrl | None = None
    # The URL partner OPs reach this OP at (its partner listener); default: derived from
    # listen.partner_port, else public_base_url.
    partner_base_url: AnyHttpUrl | None = None
    database_url: str = "sqlite+aiosqlite:///op.db"
    meo_url: AnyHttpUrl | None = None
    nef_url: AnyHttpUrl | None = None
    nef: NefSettings = Field(default_factory=NefSettings)  # this OP as an AF at nef_url
    partners: list[Partner] = Field(default_factory=list)
    clients: list[Client] = Field(default_factory=list)
    zones: list[Zone] = Field(default_factory=list)
    admin_token: SecretStr | None = None
    security: Security = Field(default_factory=Security)
    log_level: str = "INFO"
    shutdown_timeout: float = Field(default=30.0, gt=0)
    # serve: glibc malloc gives freed memory back to the system (see op_platform/allocator.py)
    malloc_tuning: bool = True
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    flow: FlowSettings = Field(default_factory=FlowSettings)
    # Uploaded artefacts and files; default: beside the SQLite file, else a temporary directory.
    data_dir: Path | None = None
    # Conformance reports the page at /ui lists (JSON, with HTML beside); default: the
    # ``conformance`` folder of data_dir.
    conformance_dir: Path | None = None
    onboarding: OnboardingSettings = Field(default_factory=OnboardingSettings)
    cells: list[Cell] = Field(default_factory=list)
    instances: InstanceSettings = Field(default_factory=InstanceSettings)
    devices: list[Device] = Field(default_factory=list)
    uni: UniSettings = Field(default_factory=UniSettings)
    nbi: NbiSettings = Field(default_factory=NbiSettings)
    edge: EdgeSettings = Field(default_factory=EdgeSettings)
    outbound: Policy = Field(default_factory=outbound_default)  # where the OP may call
    tls_client: ClientTls = Field(default_factory=ClientTls)  # toward peers (partners override)
    limits: Limits = Field(default_factory=Limits)

    @field_validator("database_url")
    @classmethod
    def _known_driver(cls, value: str) -> str:
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR")
        return level

    @model_validator(mode="after")
    def _unique_ids(self) -> Settings:
        for name, ids in (
            ("partners", [p.id for p in self.partners]),
            ("clients", [c.client_id for c in self.clients]),
            ("zones", [z.zone_id for z in self.zones]),
        ):
            if len(ids) != len(set(ids)):
                raise ValueError(f"{name}: ids must be unique")
        cells = {(c.mcc, c.mnc, c.cell_id) for c in self.cells}
        for device in self.devices:
            cell = device.cell
            if cell is not None and (cell.mcc, cell.mnc, cell.cell_id) not in cells:
                raise ValueError(f"devices: cell {cell.mcc}-{cell.mnc}-{cell.cell_id} not in cells")
        return self

    @property
    def network_ids(self) -> list[str]:
        """Every id that names this operator's network: its PLMNs, fixed ids and OP id."""
        return [*self.mobile_network_ids, *self.fixed_network_ids, self.operator_id]

    @property
    def base_url(self) -> str:
        if self.public_base_url is not None:
            return str(self.public_base_url).rstrip("/")
        scheme = "https" if self.listen.tls is not None else "http"
        return f"{scheme}://{self.listen.host}:{self.listen.port}"

    @property
    def partner_url(self) -> str:
        """Where partner OPs call this OP back (callback links, token URL, endpoints): the
        partner listener when there is one."""
        if self.partner_base_url is not None:
            return str(self.partner_base_url).rstrip("/")
        if self.listen.partner_port is not None:
            return f"https://{self.listen.host}:{self.listen.partner_port}"
        return self.base_url

    @property
    def edge_receiver_url(self) -> str:
        """Where edge site gateways push their events (the OP's ``sbi-edge`` interface)."""
        base = self.edge.receiver_base_url
        return str(base).rstrip("/") if base is not None else self.base_url

    @property
    def data_path(self) -> Path:
        """Where the OP keeps files (uploads, the secrets key): ``data_dir``, else beside the
        SQLite file, else a folder under the system's temporary directory."""
        if self.data_dir is not None:
            return Path(self.data_dir)
        prefix = "sqlite+aiosqlite:///"
        if self.database_url.startswith(prefix):
            db_file = Path(self.database_url[len(prefix) :])
            if db_file.name and db_file.name != ":memory:":
                return db_file.parent / f"{db_file.stem}-data"
        return Path(tempfile.gettempdir()) / f"op-platform-{self.operator_id}-data"


def _env_overrides(environ: Mapping[str, str]) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or key.startswith("OP_TEST_"):
            continue
        path = key[len(ENV_PREFIX) :].lower().split("__")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        secret = path[-1] in SECRET_NAMES
        if isinstance(value, (int, float)) and secret:
            value = raw
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node[path[-1]] = value
    return tree


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def format_validation_error(source: str, error: ValidationError) -> str:
    lines = [f"invalid configuration in {source}:"]
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(root)"
        lines.append(f"  {field}: {item['msg']}")
    return "\n".join(lines)


def load_settings(
    path: str | Path | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Read the TOML file (if any), apply environment overrides, validate."""
    data: dict[str, Any] = {}
    source = "environment"
    if path is not None:
        source = str(path)
        try:
            with open(path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError as exc:
            raise ConfigError(f"configuration file not found: {path}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
    data = _merge(data, _env_overrides(os.environ if environ is None else environ))
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_validation_error(source, exc)) from exc
