"""Every SQLModel table, one module per area. Importing this package registers them all."""

from op_platform.db.tables import instances as instances  # app instances, pools, devices
from op_platform.db.tables import nbi as nbi  # NBI apps, targets, instances, deployments
from op_platform.db.tables.applications import AppRow, AppZoneRow, ArtefactRow, FileRow
from op_platform.db.tables.federation import (
    FederationRow,
    PartnerFederationRow,
    PartnerReportedStateRow,
    ZoneSubscriptionRow,
)
from op_platform.db.tables.flow import FlowHopRow, FlowOperationRow
from op_platform.db.tables.outbox import OutboxMessage
from op_platform.db.tables.security import ApiClientRow, SigningKeyRow, TokenRevocationRow
from op_platform.db.tables.uni import ClientSessionRow
from op_platform.db.tables.zones import ZoneRow

__all__ = [
    "ApiClientRow",
    "AppRow",
    "AppZoneRow",
    "ArtefactRow",
    "ClientSessionRow",
    "FederationRow",
    "FileRow",
    "FlowHopRow",
    "FlowOperationRow",
    "OutboxMessage",
    "PartnerFederationRow",
    "PartnerReportedStateRow",
    "SigningKeyRow",
    "TokenRevocationRow",
    "ZoneRow",
    "ZoneSubscriptionRow",
]
