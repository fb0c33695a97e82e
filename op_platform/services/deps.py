"""What the services need from the running OP, as one bundle.

Built once by :class:`op_platform.platform.Platform` and handed to every service entry point that
talks to a peer or opens its own transactions. Services that only read or write rows take the
session instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from op_platform.clients.ewbi import EwbiClient
from op_platform.clients.meo_client import MeoClient
from op_platform.clients.outbound_tokens import TokenProviders
from op_platform.db.engine import Database
from op_platform.db.read_cache import ReadCache
from op_platform.errors import NotFound, Unavailable
from op_platform.services.network.nef_target import NefTarget, nef_target
from op_platform.settings import Partner, Settings


def configured_partner(settings: Settings, partner_id: str) -> Partner:
    """A configured partner (404 UNKNOWN_PARTNER otherwise)."""
    for partner in settings.partners:
        if partner.id == partner_id:
            return partner
    raise NotFound(
        f"partner {partner_id!r} is not configured on operator {settings.operator_id}",
        cause="UNKNOWN_PARTNER",
    )


@dataclass(frozen=True)
class Deps:
    database: Database
    settings: Settings
    http: httpx.AsyncClient
    tokens: TokenProviders
    route: Callable[[str], httpx.AsyncClient] | None = None  # the client for a URL (peer TLS)
    reads: ReadCache | None = None  # reads kept until a watched table they came from changes

    def client_for(self, url: str) -> httpx.AsyncClient:
        return self.route(url) if self.route is not None else self.http

    @property
    def me(self) -> str:
        """This OP's operator id."""
        return self.settings.operator_id

    def meo(self) -> MeoClient:
        """The client of this OP's MEO (503 NO_MEO when none is configured)."""
        if self.settings.meo_url is None:
            raise Unavailable("this OP has no MEO configured (meo_url)", cause="NO_MEO")
        return MeoClient(
            self.http, str(self.settings.meo_url), timeout=self.settings.flow.sync_timeout
        )

    def nef(self) -> NefTarget:
        """This OP's NEF (503 NO_NEF when none is configured)."""
        target = nef_target(self.settings)
        if target is None:
            raise Unavailable("this OP has no NEF configured (nef_url)", cause="NO_NEF")
        return target

    def meo_notification_url(self) -> str | None:
        """Where flow outcomes are reported to this OP's MEO (None without a MEO)."""
        return self.meo().notification_url() if self.settings.meo_url is not None else None

    def meo_name(self) -> str:
        """How flow records name this OP's MEO."""
        return f"meo-{self.settings.operator_id}"

    def partner(self, partner_id: str) -> Partner:
        """A configured partner (404 UNKNOWN_PARTNER otherwise)."""
        return configured_partner(self.settings, partner_id)

    def partner_client(self, partner_id: str, *, timeout: float | None = None) -> EwbiClient:
        """The EWBI client of a configured partner, sharing this OP's cached tokens."""
        partner = self.partner(partner_id)
        http = self.client_for(str(partner.ewbi_base_url))
        return EwbiClient(http, partner, self.tokens.for_partner(partner), timeout=timeout)
