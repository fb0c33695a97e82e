"""Which federation serves a target network id (an OP id, a PLMN or a fixed network id)."""

from __future__ import annotations

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from op_platform.db.tables.federation_rows import PartnerFederationRow
from op_platform.settings import Settings

USABLE = {"AVAILABLE", "TEMPORARY_FAILURE"}


def network_ids(row: PartnerFederationRow, settings: Settings) -> set[str]:
    """Every network id the partner of a federation is known by."""
    ids = {row.partner_id}
    if row.partner_op_federation_id:
        ids.add(row.partner_op_federation_id)
    codes = row.mobile_network_codes or {}
    mcc = codes.get("mcc")
    for mnc in codes.get("mncs") or []:
        if mcc:
            ids.add(f"{mcc}{mnc}")
    ids.update(row.fixed_network_codes or [])
    for partner in settings.partners:
        if partner.id == row.partner_id:
            ids.update(partner.network_ids)
    return ids


async def find_federation(
    session: AsyncSession, settings: Settings, target: str
) -> PartnerFederationRow | None:
    rows = (await session.exec(select(PartnerFederationRow))).all()
    matches = [r for r in rows if r.status in USABLE and target in network_ids(r, settings)]
    matches.sort(key=lambda r: r.created_at, reverse=True)
    return matches[0] if matches else None
