"""Everything the page shows, in one JSON-ready snapshot (``GET /ui/state.json``).

The rows are read in one short transaction; the MEO is asked about moving flows after it
closed (a transaction is never held across a peer call), and conformance reports are read from
their folder. :class:`PageMemory` is what the page keeps between snapshots (final MEO steps,
parsed report summaries); the UI sub-application owns one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from op_platform.db.federation_repository import FederationRepository, PartnerFederationRepository
from op_platform.db.overview_repository import OverviewRepository
from op_platform.db.zone_repository import ZoneRepository
from op_platform.services.deps import Deps
from op_platform.services.flow import records
from op_platform.services.overview.conformance_reports import ReportShelf
from op_platform.services.overview.federations import partner_views
from op_platform.services.overview.flows import flow_view
from op_platform.services.overview.meo_steps import MeoSteps
from op_platform.services.overview.outbox_summary import outbox_summary
from op_platform.services.overview.workloads import by_zone
from op_platform.services.overview.zones import federated_zones, own_zones

FLOWS = 10
ROWS = 500


@dataclass
class PageMemory:
    meo: MeoSteps = field(default_factory=MeoSteps)
    reports: ReportShelf = field(default_factory=ReportShelf)


async def snapshot(deps: Deps, memory: PageMemory, *, flows: int = FLOWS) -> dict[str, Any]:
    settings = deps.settings
    async with deps.database.transaction() as session:
        overview = OverviewRepository(session)
        originating = await PartnerFederationRepository(session).list()
        serving = await FederationRepository(session).list()
        subscriptions = await overview.subscriptions(ROWS)
        zones = await ZoneRepository(session).list()
        state: dict[str, Any] = {
            "partners": partner_views(settings, originating, serving, subscriptions),
            "zones": {
                "own": await own_zones(session, zones, serving, subscriptions),
                "federated": federated_zones(originating),
            },
            "workloads": by_zone(
                serving,
                await overview.app_zones(ROWS),
                await overview.instances(ROWS),
                await overview.nbi_apps(ROWS),
                await overview.nbi_targets(ROWS),
                await overview.nbi_instances(ROWS),
            ),
            "outbox": await outbox_summary(session),
        }
        views = await records.list_views(session, limit=flows)
    meo = await memory.meo.for_views(settings, deps.http, views)
    state["flows"] = [flow_view(view, meo.get(view["operationId"], [])) for view in views]
    state["conformance"] = await memory.reports.latest(settings)
    return {
        "operator": {
            "operatorId": settings.operator_id,
            "countryCode": settings.country_code,
            "networkIds": settings.network_ids,
            "baseUrl": settings.base_url,
        },
        "generatedAt": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        **state,
    }
