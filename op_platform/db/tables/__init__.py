"""Every SQLModel table, one module per area. Importing this package registers them all."""

from op_platform.db.tables import instance_rows as instance_rows  # app instances, pools, devices
from op_platform.db.tables import nbi_rows as nbi_rows  # NBI apps, targets, instances, deployments
from op_platform.db.tables import network_rows as network_rows  # what the OP holds at its NEF
from op_platform.db.tables.application_rows import AppRow, AppZoneRow, ArtefactRow, FileRow
from op_platform.db.tables.federation_rows import (
    FederationRow,
    PartnerFederationRow,
    PartnerReportedStateRow,
    ZoneSubscriptionRow,
)
from op_platform.db.tables.flow_rows import FlowHopRow, FlowOperationRow
from op_platform.db.tables.generation_rows import TableGenerationRow
from op_platform.db.tables.outbox_rows import OutboxMessage
from op_platform.db.tables.security_rows import ApiClientRow, SigningKeyRow, TokenRevocationRow
from op_platform.db.tables.uni_rows import ClientSessionRow
from op_platform.db.tables.zone_rows import EdgeNodeRow, ZoneRow

__all__ = [
    "ApiClientRow",
    "AppRow",
    "AppZoneRow",
    "ArtefactRow",
    "ClientSessionRow",
    "EdgeNodeRow",
    "FederationRow",
    "FileRow",
    "FlowHopRow",
    "FlowOperationRow",
    "OutboxMessage",
    "PartnerFederationRow",
    "PartnerReportedStateRow",
    "SigningKeyRow",
    "TableGenerationRow",
    "TokenRevocationRow",
    "ZoneRow",
    "ZoneSubscriptionRow",
]
