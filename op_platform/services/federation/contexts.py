"""Federation management, serving side (this OP is the partner OP).

CreateFederation, GetFederationDetails, UpdateFederation and DeleteFederationDetails, plus what
they tell the originating OP: an ``onPartnerStatusEvent`` through the outbox. Callbacks to a
federation's partner authenticate with the ``partnerCallbackCredentials`` it gave at creation
(outbox auth reference ``{"kind": "federation-callback", "federation_context_id": ...}``), or
go without credentials when it gave none.
"""

from __future__ import annotations

import ipaddress
import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.db.application_repository import ApplicationRepository
from op_platform.db.federation_repository import FederationRepository
from op_platform.db.instance_repository import InstanceRepository, JobRepository, PoolRepository
from op_platform.db.tables import FederationRow, ZoneRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.zone_repository import ZoneRepository
from op_platform.errors import AlreadyExists, PermissionDenied, Unprocessable
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.callbacks import PartnerStatusEvent, ZoneStatus
from op_platform.models.ewbi.common import MobileNetworkIds, ServiceEndpoint, ZoneDetails
from op_platform.models.ewbi.enums import (
    NetworkCodeObjectType,
    NetworkCodeOperationType,
    PartnerStatusObjectType,
    PartnerStatusOperationType,
    Status,
)
from op_platform.models.ewbi.federation import (
    FederationInfo,
    FederationRequestData,
    FederationResponseData,
    UpdateFederationRequest,
)
from op_platform.outbox import enqueue
from op_platform.security.sealing import seal, unseal
from op_platform.services.applications.storage import Storage
from op_platform.services.deps import Deps
from op_platform.services.federation.repeated_create import federation_response, same_request
from op_platform.services.url_acceptance import accept_url
from op_platform.settings import Settings

log = logging.getLogger(__name__)

CALLBACK_AUTH = "federation-callback"


# -- what this OP offers ----------------------------------------------------------------------


def endpoint(base_url: str) -> ServiceEndpoint:
    """The service endpoint (address + port) of this OP's public base URL."""
    parts = urlsplit(base_url)
    host = parts.hostname or "127.0.0.1"
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ServiceEndpoint(port=port, fqdn=host)
    if address.version == 4:
        return ServiceEndpoint(port=port, ipv4Addresses=[str(address)])
    return ServiceEndpoint(port=port, ipv6Addresses=[str(address)])


def mobile_codes(plmns: Sequence[str]) -> MobileNetworkIds | None:
    """PLMNs ("21401") as MobileNetworkIds: the MCC of the first, the MNCs sharing it."""
    if not plmns:
        return None
    mcc = plmns[0][:3]
    return MobileNetworkIds(mcc=mcc, mncs=[p[3:] for p in plmns if p[:3] == mcc])


def zone_details(row: ZoneRow) -> ZoneDetails:
    return ZoneDetails(
        zoneId=row.zone_id,
        geolocation=f"{row.latitude:.4f},{row.longitude:.4f}",
        geographyDetails=row.geography_details,
    )


def zone_status(row: ZoneRow) -> Status:
    try:
        return Status(row.status)
    except ValueError:
        return Status.NOT_AVAILABLE


async def offered_zones(session: AsyncSession) -> list[ZoneDetails]:
    return [zone_details(row) for row in await ZoneRepository(session).list()]


def federation_info(
    row: FederationRow, settings: Settings, zones: list[ZoneDetails]
) -> FederationInfo:
    point = endpoint(settings.partner_url)
    return FederationInfo(
        edgeDiscoveryServiceEndPoint=point,
        lcmServiceEndPoint=point,
        allowedMobileNetworkIds=(
            MobileNetworkIds.model_validate(row.mobile_network_codes)
            if row.mobile_network_codes
            else None
        ),
        allowedFixedNetworkIds=row.fixed_network_codes or None,
        offeredAvailabilityZones=zones or None,
    )


# -- callbacks ----------------------------------------------------------------------------------


def callback_auth(row: FederationRow) -> dict[str, Any] | None:
    if not (row.callback_token_url and row.callback_client_id and row.callback_client_secret):
        return None
    return {"kind": CALLBACK_AUTH, "federation_context_id": row.federation_context_id}


async def send_partner_status(
    session: AsyncSession,
    row: FederationRow,
    object_type: PartnerStatusObjectType,
    *,
    federation_status: Status | None = None,
    zone_status: list[ZoneStatus] | None = None,
) -> None:
    """Queue an onPartnerStatusEvent (the STATUS of the federation or of zones, as of now) to
    the federation's notification link."""
    event = PartnerStatusEvent(
        federationContextId=row.federation_context_id,
        objectType=object_type,
        operationType=PartnerStatusOperationType.STATUS,
        federationStatus=federation_status,
        zoneStatus=zone_status,
        modificationDate=utcnow(),
    )
    await enqueue(
        session,
        kind="ewbi.onPartnerStatusEvent",
        method="POST",
        url=row.notification_link,
        body=event,
        auth=callback_auth(row),
        ordering_key=f"fed:{row.federation_context_id}",
    )


async def callback_tokens(deps: Deps, ref: Mapping[str, Any]) -> TokenProvider:
    """Outbox auth resolver of ``CALLBACK_AUTH``: the token provider of the
    partnerCallbackCredentials stored with the federation the reference names. The credentials
    are read once and kept until the ``federation`` table changes (``deps.reads``), rather than
    read in a transaction of their own before every callback sent."""
    context_id = str(ref.get("federation_context_id"))

    async def load() -> tuple[str, str, str] | None:
        async with deps.database.transaction() as session:
            row = await FederationRepository(session).get(context_id)
        if row is None or not (
            row.callback_token_url and row.callback_client_id and row.callback_client_secret
        ):
            return None
        return row.callback_token_url, row.callback_client_id, row.callback_client_secret

    key = ("federation-callback-credentials", context_id)
    reads = deps.reads
    found = await reads.get(key, ["federation"], load) if reads is not None else await load()
    if found is None:
        raise LookupError("the federation or its callback credentials are gone")
    token_url, client_id, sealed = found
    return deps.tokens.get(token_url, client_id, unseal(sealed, deps.settings))


# -- operations ---------------------------------------------------------------------------------


TOKEN_URL_FIELD = "partnerCallbackCredentials.tokenUrl"


async def _within_quota(repo: FederationRepository, settings: Settings, client_id: str) -> None:
    limit = settings.limits.federations_per_client
    if await repo.count_for_client(client_id) >= limit:
        raise PermissionDenied(
            f"client {client_id!r} already holds {limit} federation contexts "
            "(limits.federations_per_client); delete one first",
            cause="FEDERATION_LIMIT",
        )


def location(settings: Settings, federation_context_id: str) -> str:
    return paths.federation_location(settings.partner_url, federation_context_id)


async def create_federation(
    session: AsyncSession, settings: Settings, client_id: str, body: FederationRequestData
) -> tuple[FederationRow, FederationResponseData]:
    """CreateFederation: a new context owned by ``client_id``; 409 for an active duplicate.

    The links the partner gives are checked against the outbound policy first (400 naming the
    field), and a client holds at most ``limits.federations_per_client`` contexts (403; the
    contract lists no 429 here)."""
    credentials = body.partnerCallbackCredentials
    accept_url(settings, body.notification_link, body.notification_field())
    accept_url(settings, credentials.tokenUrl if credentials else None, TOKEN_URL_FIELD)
    repo = FederationRepository(session)
    zones = await offered_zones(session)
    existing = await repo.by_orig_id(client_id, body.origOPFederationId)
    if existing is not None:
        if not same_request(existing, body, settings):
            raise AlreadyExists(
                f"a federation with origOPFederationId {body.origOPFederationId!r} already "
                "exists (made from a different request)",
                cause="FEDERATION_EXISTS",
            )
        return existing, _answer(settings, existing, zones)  # the first answer was lost
    await _within_quota(repo, settings, client_id)
    if not zones:
        raise Unprocessable("this OP has no availability zones to offer", cause="NO_ZONES")
    row = FederationRow(
        federation_context_id=str(uuid.uuid4()),
        client_id=client_id,
        orig_op_federation_id=body.origOPFederationId,
        orig_op_country_code=body.origOPCountryCode,
        mobile_network_codes=_dump(body.origOPMobileNetworkCodes),
        fixed_network_codes=list(body.origOPFixedNetworkCodes or []) or None,
        initial_date=body.initialDate,
        notification_link=body.notification_link,
        callback_token_url=credentials.tokenUrl if credentials else None,
        callback_client_id=credentials.clientId if credentials else None,
        callback_client_secret=(seal(credentials.clientSecret, settings) if credentials else None),
    )
    try:
        async with session.begin_nested():
            await repo.add(row)
    except IntegrityError as exc:  # a concurrent twin won the race
        raise AlreadyExists(
            f"a federation with origOPFederationId {body.origOPFederationId!r} already exists",
            cause="FEDERATION_EXISTS",
        ) from exc
    response = _answer(settings, row, zones)
    await send_partner_status(
        session, row, PartnerStatusObjectType.FEDERATION, federation_status=Status.AVAILABLE
    )
    log.info(
        "federation created",
        extra={"federation_context_id": row.federation_context_id, "client_id": client_id},
    )
    return row, response


def _answer(
    settings: Settings, row: FederationRow, zones: list[ZoneDetails]
) -> FederationResponseData:
    point = endpoint(settings.partner_url)
    codes = mobile_codes(settings.mobile_network_ids)
    return federation_response(settings, row, zones, point, codes)


async def get_federation(
    session: AsyncSession, settings: Settings, row: FederationRow
) -> FederationInfo:
    return federation_info(row, settings, await offered_zones(session))


async def update_federation(
    session: AsyncSession, settings: Settings, row: FederationRow, body: UpdateFederationRequest
) -> FederationInfo:
    """UpdateFederation: add, remove or replace the originating OP's network codes."""
    if body.objectType is NetworkCodeObjectType.MOBILE_NETWORK_CODES:
        _fits(body, "Mobile")
        row.mobile_network_codes = _update_mobile(row.mobile_network_codes, body)
    else:
        _fits(body, "Fixed")
        row.fixed_network_codes = _update_fixed(row.fixed_network_codes, body)
    row.updated_at = utcnow()
    FederationRepository(session).save(row)
    return federation_info(row, settings, await offered_zones(session))


async def delete_federation(session: AsyncSession, row: FederationRow) -> None:
    """DeleteFederationDetails: the context goes with everything in it (zone subscriptions,
    instances with their jobs, pools, artefacts, files, applications), in one transaction; once it
    commits, the caller removes the stored bytes with ``remove_stored``.
    """
    ctx = row.federation_context_id
    instances, jobs = InstanceRepository(session), JobRepository(session)
    pools = PoolRepository(session)
    for inst in await instances.all_in(ctx):
        await jobs.cancel_for(inst.id)
        await instances.remove(inst)
    for pool in await pools.all_in(ctx):
        await pools.remove(pool)
    await ApplicationRepository(session).delete_context(ctx)
    await FederationRepository(session).delete(row)
    log.info("federation deleted", extra={"federation_context_id": row.federation_context_id})


def remove_stored(settings: Settings, federation_context_id: str) -> None:
    """After DeleteFederationDetails committed: the context's uploaded bytes under data_dir."""
    Storage.from_settings(settings).remove_context(federation_context_id)


# -- network code arithmetic ------------------------------------------------------------------

_FIELDS = {"Mobile": ("addMobileNetworkIds", "removeMobileNetworkIds")}
_FIELDS["Fixed"] = ("addFixedNetworkIds", "removeFixedNetworkIds")


def _fits(body: UpdateFederationRequest, kind: str) -> None:
    """The body carries only the fields its objectType and operationType call for."""
    add, remove = _FIELDS[kind]
    other = _FIELDS["Fixed" if kind == "Mobile" else "Mobile"]
    wrong = [name for name in other if getattr(body, name) is not None]
    op = body.operationType
    needed = remove if op is NetworkCodeOperationType.REMOVE_CODES else add
    unwanted = add if op is NetworkCodeOperationType.REMOVE_CODES else remove
    if getattr(body, unwanted) is not None:
        wrong.append(unwanted)
    if wrong:
        raise Unprocessable(
            f"{', '.join(wrong)} do not fit {body.objectType.value} {op.value}",
            params=[(name, "not allowed with this objectType/operationType") for name in wrong],
            cause="OPERATION_MISMATCH",
        )
    if getattr(body, needed) is None:
        raise Unprocessable(
            f"{op.value} on {body.objectType.value} needs {needed}",
            params=[(needed, "required for this operationType")],
            cause="OPERATION_MISMATCH",
        )


def _update_mobile(
    current: dict[str, Any] | None, body: UpdateFederationRequest
) -> dict[str, Any] | None:
    have = MobileNetworkIds.model_validate(current) if current else MobileNetworkIds()
    mncs = list(have.mncs or [])
    op = body.operationType
    if op is NetworkCodeOperationType.REMOVE_CODES:
        gone = body.removeMobileNetworkIds
        assert gone is not None
        missing = [m for m in gone.mncs or [] if m not in mncs]
        if (gone.mcc and gone.mcc != have.mcc) or missing:
            raise Unprocessable(
                "removeMobileNetworkIds names codes the federation does not have",
                params=[("removeMobileNetworkIds", f"not present: {gone.mcc} {missing}")],
                cause="CODES_NOT_PRESENT",
            )
        mncs = [m for m in mncs if m not in (gone.mncs or [])]
        return _dump(MobileNetworkIds(mcc=have.mcc, mncs=mncs)) if mncs else None
    new = body.addMobileNetworkIds
    assert new is not None
    if op is NetworkCodeOperationType.UPDATE_CODES:
        return _dump(new)
    if have.mcc and new.mcc and new.mcc != have.mcc:
        raise Unprocessable(
            f"the federation's MCC is {have.mcc}; codes of MCC {new.mcc} cannot be added",
            params=[("addMobileNetworkIds.mcc", "differs from the federation's MCC")],
            cause="MCC_MISMATCH",
        )
    mncs += [m for m in new.mncs or [] if m not in mncs]
    return _dump(MobileNetworkIds(mcc=have.mcc or new.mcc, mncs=mncs or None))


def _update_fixed(current: list[str] | None, body: UpdateFederationRequest) -> list[str] | None:
    have = list(current or [])
    op = body.operationType
    if op is NetworkCodeOperationType.REMOVE_CODES:
        gone = body.removeFixedNetworkIds or []
        missing = [code for code in gone if code not in have]
        if missing:
            raise Unprocessable(
                f"removeFixedNetworkIds names codes the federation does not have: {missing}",
                params=[("removeFixedNetworkIds", f"not present: {missing}")],
                cause="CODES_NOT_PRESENT",
            )
        return [code for code in have if code not in gone] or None
    new = list(body.addFixedNetworkIds or [])
    if op is NetworkCodeOperationType.UPDATE_CODES:
        return new
    return have + [code for code in new if code not in have]


def _dump(value: MobileNetworkIds | None) -> dict[str, Any] | None:
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None
