"""CAMARA Quality-on-Demand sessions, backed by AS sessions with QoS at the NEF (TS 29.122).

Create checks the request the way the r3.2 file says (codes below), stores the session
``REQUESTED`` (so that the NEF's first events find it), asks the NEF for the session with the
QoS reference the profile maps to, and records the NEF's id; the NEF's errors become CAMARA
codes (404 ``IDENTIFIER_NOT_FOUND`` for a UE it does not know, 422 ``SERVICE_NOT_APPLICABLE``
for a UE without a PDU session, 422 ``QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE`` for a QoS
reference it refuses, 503 when it does not answer). Read, extend, delete and retrieve-by-device
act on the caller's own sessions only (another consumer's session is 404, as on the NBI).

Errors of the file: 400 ``INVALID_ARGUMENT``, ``QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE``,
``INVALID_SINK``, ``INVALID_CREDENTIAL``, ``INVALID_TOKEN``; 404 ``NOT_FOUND``,
``IDENTIFIER_NOT_FOUND``; 409 ``CONFLICT`` (an active session of the same device),
``QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED``; 422 ``MISSING_IDENTIFIER``,
``UNSUPPORTED_IDENTIFIER``, ``SERVICE_NOT_APPLICABLE``,
``QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE``.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from datetime import timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform import roots
from op_platform.clients.call import PeerError
from op_platform.db.network_repository import NetworkRepository
from op_platform.db.tables.network_rows import QodSessionRow
from op_platform.errors import (
    Conflict,
    IdentifierNotFound,
    InvalidInput,
    NotFound,
    OpError,
    Unavailable,
    Unprocessable,
    UpstreamError,
)
from op_platform.models.nef import AsSessionWithQoSSubscription, FlowInfo, UserPlaneEvent
from op_platform.models.qod import CreateSession, SessionInfo
from op_platform.models.uni import Device
from op_platform.security.sealing import seal
from op_platform.services.deps import Deps
from op_platform.services.discovery.device_location import chosen_identifier
from op_platform.services.network import qos_status as status
from op_platform.services.network import receipts
from op_platform.services.url_acceptance import accept_url
from op_platform.settings import QosProfile, Settings

log = logging.getLogger(__name__)

IDENTIFIERS = ("phoneNumber", "ipv4Address", "ipv6Address")  # networkAccessIdentifier: no
NEF_EVENTS = [e.value for e in UserPlaneEvent if e != UserPlaneEvent.USAGE_REPORT]


def coded(error: OpError, code: str) -> OpError:
    """``error`` answered with the API's own ``code`` (same status)."""
    error.code = code
    return error


def profile_of(settings: Settings, body: CreateSession) -> QosProfile:
    found = settings.nef.qos_profiles.get(body.qosProfile)
    if found is None:
        known = ", ".join(sorted(settings.nef.qos_profiles))
        raise InvalidInput(
            f"qosProfile {body.qosProfile!r} is not offered here; offered: {known}",
            params=[("qosProfile", "unknown QoS profile")],
        )
    if found.status != "ACTIVE":
        raise coded(
            Unprocessable(f"The QoS profile {body.qosProfile} is {found.status}."),
            "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
        )
    check_duration(found, body.duration)
    return found


def check_duration(profile: QosProfile, duration: int) -> None:
    if not profile.min_duration <= duration <= profile.max_duration:
        raise coded(
            InvalidInput(
                f"duration must be within {profile.min_duration}..{profile.max_duration} "
                "seconds for this QoS profile",
                params=[("duration", "out of the profile's range")],
            ),
            "QUALITY_ON_DEMAND.DURATION_OUT_OF_RANGE",
        )


def check_sink(settings: Settings, body: CreateSession) -> None:
    credential = body.sinkCredential
    if credential is not None:
        if credential.credentialType != "ACCESSTOKEN":
            raise coded(InvalidInput("Only Access token is supported"), "INVALID_CREDENTIAL")
        if (credential.accessTokenType or "").lower() != "bearer":
            raise coded(InvalidInput("Only bearer token is supported"), "INVALID_TOKEN")
        if not credential.accessToken or credential.accessTokenExpiresUtc is None:
            raise InvalidInput(
                "sinkCredential needs accessToken and accessTokenExpiresUtc",
                params=[("sinkCredential.accessToken", "required")],
            )
        if body.sink is None:
            raise InvalidInput("sinkCredential without sink", params=[("sink", "required")])
    if body.sink is None:
        return
    https = body.sink.startswith("https://")
    try:
        if not https and not (settings.nbi.allow_http_sinks and body.sink.startswith("http://")):
            raise InvalidInput("sink must be an https URL")
        accept_url(settings, body.sink, "sink")
    except InvalidInput as exc:
        raise coded(InvalidInput(f"sink not valid: {exc.detail}"), "INVALID_SINK") from None


def check_server(body: CreateSession) -> None:
    server = body.applicationServer
    for name, value in (("ipv4Address", server.ipv4Address), ("ipv6Address", server.ipv6Address)):
        try:
            if value is not None:
                ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise InvalidInput(
                f"applicationServer.{name} is not an address or address/mask",
                params=[(f"applicationServer.{name}", "invalid")],
            ) from None


def device_of(device: Device | None) -> tuple[str, dict[str, object], str]:
    """(identifier used, its wire form, the key sessions of the device share)."""
    name = chosen_identifier(device, IDENTIFIERS)
    assert device is not None
    used = device.model_dump(mode="json", include={name}, exclude_none=True)
    if name == "ipv4Address":
        value = str(used[name]["publicAddress"])
    elif name == "ipv6Address":
        value = str(ipaddress.ip_address(str(used[name])))
    else:
        value = str(used[name])
    return name, used, f"{name}:{value}"


def nef_request(
    settings: Settings, row: QodSessionRow, profile: QosProfile, name: str
) -> AsSessionWithQoSSubscription:
    server = row.application_server
    remote = server.get("ipv4Address") or server.get("ipv6Address")
    value = row.device_key.split(":", 1)[1]
    ue = value if name != "phoneNumber" else "any"
    flows = [f"permit out ip from {remote} to {ue}", f"permit out ip from {ue} to {remote}"]
    members: dict[str, object] = {
        "notification_destination": receipts.notification_url(
            settings, roots.NEF_QOS_EVENTS, row.session_id
        ),
        "qos_reference": profile.qos_reference,
        "events": NEF_EVENTS,
        "dnn": settings.nef.dnn,
        "flow_info": [FlowInfo(flow_id=1, flow_descriptions=flows)],
    }
    if name == "phoneNumber":
        members["gpsi"] = "msisdn-" + value.lstrip("+")
    else:
        members["ue_ipv4_addr" if name == "ipv4Address" else "ue_ipv6_addr"] = value
    return AsSessionWithQoSSubscription.model_validate(members)


def nef_refusal(exc: OpError) -> OpError:
    """A CAMARA error for what the NEF answered."""
    if isinstance(exc, PeerError) and exc.peer_status in (400, 403, 404):
        problem = exc.peer_body if isinstance(exc.peer_body, dict) else {}
        cause = str(problem.get("cause", ""))
        params = " ".join(str(p.get("param")) for p in problem.get("invalidParams") or [])
        if "qosReference" in params or "QoSReference" in params:
            return coded(
                Unprocessable("The requested QoS Profile is currently not available."),
                "QUALITY_ON_DEMAND.QOS_PROFILE_NOT_APPLICABLE",
            )
        if exc.peer_status == 404 and cause != "PDU_SESSION_NOT_AVAILABLE":
            return IdentifierNotFound("Device identifier not found.")
        return coded(
            Unprocessable("The service is not available for the provided identifier."),
            "SERVICE_NOT_APPLICABLE",
        )
    return Unavailable("the network cannot be asked for QoS now; retry later", cause="NEF")


async def create(deps: Deps, owner: str, body: CreateSession) -> SessionInfo:
    settings = deps.settings
    nef = deps.nef()
    check_server(body)
    profile = profile_of(settings, body)
    check_sink(settings, body)
    name, used, key = device_of(body.device)
    row = QodSessionRow(
        session_id=str(uuid.uuid4()),
        owner=owner,
        device=used,
        device_key=key,
        application_server=body.applicationServer.wire(),
        device_ports=body.devicePorts.wire() if body.devicePorts else None,
        server_ports=body.applicationServerPorts.wire() if body.applicationServerPorts else None,
        qos_profile=body.qosProfile,
        duration=body.duration,
        sink=body.sink,
    )
    if body.sinkCredential is not None and body.sinkCredential.accessToken:
        row.sink_token = seal(body.sinkCredential.accessToken, settings)
    async with deps.database.transaction() as session:
        repo = NetworkRepository(session)
        if any(not status.ended(s) for s in await repo.qod_sessions_of_device(key)):
            raise Conflict("Conflict with an existing session for the same device.")
        repo.add_qod_session(row)
    client = nef.client(deps.client_for(nef.base_url), deps.tokens)
    try:
        created = await client.create_qos_session(nef_request(settings, row, profile, name))
    except (PeerError, UpstreamError, Unavailable) as exc:
        async with deps.database.transaction() as session:
            gone = await NetworkRepository(session).qod_session(row.session_id, lock=True)
            if gone is not None:
                await NetworkRepository(session).delete_qod_session(gone)
        log.info("the NEF refused a QoD session", extra={"error": exc.code, "cause": exc.cause})
        raise nef_refusal(exc) from None
    async with deps.database.transaction() as session:
        stored = await NetworkRepository(session).qod_session(row.session_id, lock=True)
        if stored is None:  # pragma: no cover - only this request removes it before now
            raise NotFound("the session vanished")
        stored.nef_id = created.id
        NetworkRepository(session).add_qod_session(stored)
        return status.info(stored)


async def owned(
    session: AsyncSession, owner: str, session_id: str, *, lock: bool = False
) -> QodSessionRow:
    """The caller's session (404 for another's, an unknown or a deleted one)."""
    row = await NetworkRepository(session).qod_session(session_id, lock=lock)
    if row is None or row.owner != owner or row.status_info == "DELETE_REQUESTED":
        raise NotFound("The specified resource is not found.")
    return row


async def delete(
    session: AsyncSession, settings: Settings, deps: Deps, owner: str, session_id: str
) -> None:
    row = await owned(session, owner, session_id, lock=True)
    await status.delete_at_nef(session, deps.nef(), row)
    await status.become(session, settings, row, status.UNAVAILABLE, "DELETE_REQUESTED", end=True)


async def extend(
    session: AsyncSession, settings: Settings, owner: str, session_id: str, seconds: int
) -> SessionInfo:
    row = await owned(session, owner, session_id, lock=True)
    if row.status != status.AVAILABLE:
        raise coded(
            Conflict(
                f"Extending the session duration is not allowed in the current state "
                f"({row.status}). The session must be in the AVAILABLE state."
            ),
            "QUALITY_ON_DEMAND.SESSION_EXTENSION_NOT_ALLOWED",
        )
    profile = settings.nef.qos_profiles.get(row.qos_profile)
    limit = profile.max_duration if profile is not None else row.duration
    row.duration = min(row.duration + seconds, max(limit, row.duration))
    started = status.aware(row.started_at)
    if started is not None:
        row.expires_at = started + timedelta(seconds=row.duration)
    NetworkRepository(session).add_qod_session(row)
    return status.info(row)


async def of_device(session: AsyncSession, owner: str, device: Device | None) -> list[SessionInfo]:
    _, _, key = device_of(device)
    rows = await NetworkRepository(session).qod_sessions_of_device(key)
    return [
        status.info(r) for r in rows if r.owner == owner and r.status_info != "DELETE_REQUESTED"
    ]
