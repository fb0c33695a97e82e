"""What the flow services need from the running OP, handed over by the handlers."""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from op_platform.clients.ewbi import EwbiClient
from op_platform.clients.meo import MeoClient
from op_platform.clients.tokens import TokenProviders
from op_platform.db.engine import Database
from op_platform.errors import NotFound, Unavailable
from op_platform.settings import Settings

SBI_CR_ROOT = "/sbi-cr/v1"
MEO_NOTIFICATIONS = SBI_CR_ROOT + "/notifications"


@dataclass(frozen=True)
class FlowDeps:
    database: Database
    http: httpx.AsyncClient
    settings: Settings
    tokens: TokenProviders

    @property
    def me(self) -> str:
        return self.settings.operator_id

    def meo(self) -> MeoClient:
        if self.settings.meo_url is None:
            raise Unavailable("this OP has no MEO configured (meo_url)", cause="NO_MEO")
        return MeoClient(
            self.http, str(self.settings.meo_url), timeout=self.settings.flow.sync_timeout
        )

    def meo_name(self) -> str:
        return f"meo-{self.settings.operator_id}"  # as record.meo_of

    def partner_client(self, partner_id: str) -> EwbiClient:
        for partner in self.settings.partners:
            if partner.id == partner_id:
                return EwbiClient(
                    self.http,
                    partner,
                    self.tokens.for_partner(partner),
                    timeout=self.settings.flow.sync_timeout,
                )
        raise NotFound(f"partner {partner_id!r} is not configured on operator {self.me}")
