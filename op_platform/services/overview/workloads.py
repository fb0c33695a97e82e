"""Apps and instances per zone: what partners onboarded and run here over the EWBI, and what
app providers onboarded and started through the NBI (here or at a partner)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from op_platform.db.tables.application_rows import AppZoneRow
from op_platform.db.tables.federation_rows import FederationRow
from op_platform.db.tables.instance_rows import AppInstanceRow
from op_platform.db.tables.nbi_rows import NbiAppRow, NbiAppTargetRow, NbiInstanceRow

ByZone = dict[str, dict[str, list[dict[str, Any]]]]


def _zone(found: ByZone, zone_id: str) -> dict[str, list[dict[str, Any]]]:
    return found.setdefault(zone_id, {"apps": [], "instances": []})


def _ewbi(
    found: ByZone,
    client_of: dict[str, str],
    app_zones: Sequence[AppZoneRow],
    instances: Sequence[AppInstanceRow],
) -> None:
    for row in app_zones:
        partner = client_of.get(row.federation_context_id, row.federation_context_id)
        _zone(found, row.zone_id)["apps"].append(
            {"appId": row.app_id, "via": f"EWBI from {partner}", "state": row.status}
        )
    for inst in instances:
        partner = client_of.get(inst.federation_context_id, inst.federation_context_id)
        _zone(found, inst.zone_id)["instances"].append(
            {
                "instanceId": inst.app_instance_id,
                "appId": inst.app_id,
                "via": f"EWBI from {partner}",
                "flavour": inst.flavour_id,
                "state": inst.state,
            }
        )


def _nbi(
    found: ByZone,
    apps: Sequence[NbiAppRow],
    targets: Sequence[NbiAppTargetRow],
    instances: Sequence[NbiInstanceRow],
) -> None:
    names = {app.app_id: f"{app.name} {app.version}" for app in apps}
    for target in targets:
        for zone_id, state in sorted(target.zones.items()):
            _zone(found, zone_id)["apps"].append(
                {
                    "appId": target.app_id,
                    "name": names.get(target.app_id),
                    "via": f"NBI at {target.provider}",
                    "state": state if isinstance(state, str) else target.status,
                }
            )
    for inst in instances:
        _zone(found, inst.zone_id)["instances"].append(
            {
                "instanceId": inst.instance_id,
                "appId": inst.app_id,
                "name": inst.name,
                "via": f"NBI at {inst.provider}",
                "state": inst.status,
            }
        )


def by_zone(
    serving: Sequence[FederationRow],
    app_zones: Sequence[AppZoneRow],
    instances: Sequence[AppInstanceRow],
    nbi_apps: Sequence[NbiAppRow],
    nbi_targets: Sequence[NbiAppTargetRow],
    nbi_instances: Sequence[NbiInstanceRow],
) -> list[dict[str, Any]]:
    """``[{zoneId, apps, instances}]`` ordered by zone."""
    client_of = {row.federation_context_id: row.client_id for row in serving}
    found: ByZone = {}
    _ewbi(found, client_of, app_zones, instances)
    _nbi(found, nbi_apps, nbi_targets, nbi_instances)
    return [{"zoneId": zone_id, **found[zone_id]} for zone_id in sorted(found)]
