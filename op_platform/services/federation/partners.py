"""Federations this OP creates with its partners (originating side).

``create_federation`` calls the partner's CreateFederation and records the answer in
``partner_federation``: partner id, the partner's federationContextId, status, network codes,
offered zones with their status, endpoints, and whether the partner offers the op_target_systems
onboarding variant (probed from its published contract). Nothing is left half-created: a
placeholder row (status PENDING) marks the attempt while the partner is called, and is removed
when the call fails; callbacks that arrive for a federation still PENDING are answered 503 so the
partner's outbox retries them.

Callback credentials. We pass ``partnerCallbackCredentials`` = our token URL plus the client the
partner uses at our side, whose id is the partner's operator id: a configured client
(``[[clients]] client_id = "<partner id>"``, secret from the settings) when there is one, else
a client registered here with a freshly generated secret (source ``federation``; each new
federation with that partner rotates it). The callback receivers accept a partner's events only
from that client.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Sequence
from typing import Any

import httpx
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.clients.call import PeerError
from op_platform.clients.ewbi import EwbiClient, calls, offers_variant
from op_platform.db.federation_repository import PartnerFederationRepository
from op_platform.db.tables import PartnerFederationRow
from op_platform.db.tables.columns import utcnow
from op_platform.db.tables.security_rows import ApiClientRow
from op_platform.errors import AlreadyExists, NotFound, OpError, Unavailable, UpstreamError
from op_platform.models.ewbi import paths
from op_platform.models.ewbi.federation import (
    CallbackCredentials,
    FederationRequestData,
    FederationResponseData,
)
from op_platform.models.ewbi.zones import (
    ZoneRegistrationRequestData,
    ZoneRegistrationResponseData,
)
from op_platform.security.credential_repository import ClientRepository
from op_platform.security.passwords import generate_secret, hash_secret
from op_platform.services.deps import Deps
from op_platform.services.federation.contexts import mobile_codes
from op_platform.settings import Partner, Settings

log = logging.getLogger(__name__)

PENDING = "PENDING"


async def callback_credentials(
    session: AsyncSession, settings: Settings, partner: Partner
) -> CallbackCredentials:
    """The credentials the partner will use for our callback receivers (see module doc)."""
    token_url = settings.partner_url + paths.OAUTH_TOKEN
    for client in settings.clients:
        if client.client_id == partner.id:
            secret = client.client_secret.get_secret_value()
            return CallbackCredentials(tokenUrl=token_url, clientId=partner.id, clientSecret=secret)
    secret = generate_secret()
    repo = ClientRepository(session)
    row = await repo.get(partner.id) or ApiClientRow(
        client_id=partner.id, secret_hash="", scopes="fed-mgmt", kind="partner", source="federation"
    )
    row.secret_hash = await asyncio.to_thread(hash_secret, secret)
    row.updated_at = utcnow()
    repo.save(row)
    return CallbackCredentials(tokenUrl=token_url, clientId=partner.id, clientSecret=secret)


def _zones_with_status(zones: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {**zone.model_dump(mode="json", exclude_none=True), "status": "AVAILABLE"} for zone in zones
    ]


async def create_federation(deps: Deps, partner_id: str) -> PartnerFederationRow:
    """Create a federation with ``partner_id`` and record it (one active per partner)."""
    partner = deps.partner(partner_id)
    settings = deps.settings
    record_id = str(uuid.uuid4())
    async with deps.database.transaction() as session:
        repo = PartnerFederationRepository(session)
        if await repo.list(partner_id):
            raise AlreadyExists(
                f"a federation with partner {partner_id!r} exists; delete it first",
                cause="FEDERATION_EXISTS",
            )
        credentials = await callback_credentials(session, settings, partner)
        await repo.add(
            PartnerFederationRow(
                id=record_id,
                partner_id=partner_id,
                federation_context_id=f"pending-{record_id}",
                orig_op_federation_id=settings.operator_id,
                status=PENDING,
            )
        )
    body = FederationRequestData(
        origOPFederationId=settings.operator_id,
        origOPCountryCode=settings.country_code,
        origOPMobileNetworkCodes=mobile_codes(settings.mobile_network_ids),
        origOPFixedNetworkCodes=list(settings.fixed_network_ids) or None,
        initialDate=utcnow(),
        federationNotificationDest=paths.callback_link(
            settings.partner_url, "onPartnerStatusEvent"
        ),
        partnerCallbackCredentials=credentials,
    )
    client = deps.partner_client(partner_id)
    try:
        answer = await _create_at_partner(client, body)
        variant = await offers_variant(client)
    except BaseException:
        await _forget(deps, record_id)
        raise
    ctx = answer.federationContextId or ""
    try:
        async with deps.database.transaction() as session:
            repo = PartnerFederationRepository(session)
            row = await repo.get(record_id)
            if row is None:
                raise NotFound("the federation record vanished while it was being created")
            row.federation_context_id = ctx
            row.status = "AVAILABLE"
            row.partner_op_federation_id = answer.partnerOPFederationId
            row.partner_country_code = answer.partnerOPCountryCode
            row.mobile_network_codes = _dump(answer.partnerOPMobileNetworkCodes)
            row.fixed_network_codes = answer.partnerOPFixedNetworkCodes
            row.offered_zones = _zones_with_status(answer.offeredAvailabilityZones)
            row.edge_discovery_endpoint = _dump(answer.edgeDiscoveryServiceEndPoint)
            row.lcm_endpoint = _dump(answer.lcmServiceEndPoint)
            row.platform_caps = [cap.value for cap in answer.platformCaps or []] or None
            row.supports_variant = variant
            row.updated_at = utcnow()
            repo.save(row)
    except BaseException:
        await _forget(deps, record_id)
        await _delete_at_partner(client, ctx)
        raise
    log.info(
        "federation with partner created",
        extra={"partner": partner_id, "federation_context_id": ctx, "variant": variant},
    )
    return row


CREATE_ATTEMPTS = 3


async def _create_at_partner(
    client: EwbiClient, body: FederationRequestData
) -> FederationResponseData:
    """CreateFederation, sent again unchanged when the answer does not arrive: the partner
    answers an identical repeat with the context it made the first time (the callback secret
    in ``body`` makes the request this attempt's own), so a lost answer leaves nothing behind.
    An answer that arrives but is not a valid FederationResponseData is refused (502 naming the
    field); the context it names, if any, is deleted at the partner first."""
    call = calls.create_federation(body)
    for attempt in range(1, CREATE_ATTEMPTS + 1):
        try:
            response = await client.respond(call)
        except Unavailable:
            if attempt == CREATE_ATTEMPTS:
                raise
            log.info("CreateFederation answer lost; sending it again", extra={"try": attempt})
            continue
        try:
            return call.answer(response)
        except UpstreamError:
            await _delete_named_context(client, response)
            raise
    raise AssertionError("unreachable")


async def _delete_named_context(client: EwbiClient, response: httpx.Response) -> None:
    try:
        named = response.json().get("federationContextId")
    except (ValueError, AttributeError):
        return
    if isinstance(named, str) and named:
        await _delete_at_partner(client, named)


async def _forget(deps: Deps, record_id: str) -> None:
    async with deps.database.transaction() as session:
        repo = PartnerFederationRepository(session)
        row = await repo.get(record_id)
        if row is not None:
            await repo.delete(row)


async def _delete_at_partner(client: EwbiClient, ctx: str) -> None:
    try:
        await client.send(calls.delete_federation_details(ctx))
    except OpError:
        log.warning("could not remove the federation at the partner", extra={"ctx": ctx})


def _dump(value: Any) -> Any:
    return value.model_dump(mode="json", exclude_none=True) if value is not None else None


async def list_federations(
    session: AsyncSession, partner_id: str | None = None
) -> Sequence[PartnerFederationRow]:
    return await PartnerFederationRepository(session).list(partner_id)


async def find(session: AsyncSession, ref: str) -> PartnerFederationRow:
    """A federation record by its id, its federationContextId or its partner id."""
    repo = PartnerFederationRepository(session)
    row = await repo.get(ref)
    if row is None:
        rows = list(await repo.by_context(ref)) or list(await repo.list(ref))
        row = rows[0] if len(rows) == 1 else None
    if row is None:
        raise NotFound(
            f"no federation with a partner matches {ref!r}", cause="FEDERATION_NOT_FOUND"
        )
    return row


async def show(session: AsyncSession, ref: str) -> dict[str, Any]:
    """The record and what the partner reported about apps, instances and pools."""
    row = await find(session, ref)
    states = await PartnerFederationRepository(session).reported_states(row.federation_context_id)
    data = row.model_dump(mode="json")
    data["reported"] = [state.model_dump(mode="json") for state in states]
    return data


async def delete_federation(deps: Deps, ref: str) -> None:
    """End the federation at the partner (already gone there is fine) and forget it here."""
    async with deps.database.transaction() as session:
        row = await find(session, ref)
    if row.status != PENDING:
        client = deps.partner_client(row.partner_id)
        try:
            await client.send(calls.delete_federation_details(row.federation_context_id))
        except PeerError as exc:
            if exc.peer_status != 404:
                raise
    await _forget(deps, row.id)
    log.info("federation with partner deleted", extra={"partner": row.partner_id})


def subscription_body(settings: Settings, row: PartnerFederationRow) -> ZoneRegistrationRequestData:
    """ZoneSubscribe to every zone the partner offers (404 NO_ZONES when it offers none)."""
    zone_ids = [str(zone["zoneId"]) for zone in row.offered_zones]
    if not zone_ids:
        raise NotFound(f"partner {row.partner_id!r} offers no zones", cause="NO_ZONES")
    return ZoneRegistrationRequestData(
        acceptedAvailabilityZones=zone_ids,
        availZoneNotifLink=paths.callback_link(settings.partner_url, "onZoneResourceUpdateEvent"),
    )


async def record_subscription(
    session: AsyncSession,
    record_id: str,
    zone_ids: Sequence[str],
    answer: ZoneRegistrationResponseData,
) -> PartnerFederationRow:
    """Remember that the partner accepted our subscription to ``zone_ids``, with what it
    reserved for us."""
    repo = PartnerFederationRepository(session)
    fresh = await repo.get(record_id, lock=True)  # the partner's callbacks write it too
    if fresh is None:
        raise NotFound("the federation was deleted meanwhile", cause="FEDERATION_NOT_FOUND")
    fresh.subscribed_zones = sorted(set(fresh.subscribed_zones) | set(zone_ids))
    resources = dict(fresh.zone_resources)
    for info in answer.acceptedZoneResourceInfo:
        resources[info.zoneId] = {
            **resources.get(info.zoneId, {}),
            "registered": info.model_dump(mode="json", exclude_none=True),
        }
    fresh.zone_resources = resources
    fresh.updated_at = utcnow()
    repo.save(fresh)
    return fresh


async def subscribe_all(deps: Deps, ref: str) -> PartnerFederationRow:
    """Subscribe to every zone the partner offers; store what it reserved for us."""
    async with deps.database.transaction() as session:
        row = await find(session, ref)
    body = subscription_body(deps.settings, row)
    client = deps.partner_client(row.partner_id)
    answer = await client.send(calls.zone_subscribe(row.federation_context_id, body))
    async with deps.database.transaction() as session:
        return await record_subscription(session, row.id, body.acceptedAvailabilityZones, answer)
