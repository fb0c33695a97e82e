"""The EWBI client of one partner: its base URL and credentials, and one way to send a call.

Every call is an :class:`~op_platform.clients.ewbi.calls.EwbiCall` built from the standard's
models. ``send`` makes it now through the shared call helper (token fetched, cached, refreshed,
retried once on 401; failures as domain errors) and returns the typed answer; ``queued`` gives
what the outbox needs to make the same request later (``queued``).
"""

from __future__ import annotations

from typing import Any, TypeVar

import httpx

from op_platform.clients.call import call as peer_call
from op_platform.clients.ewbi.calls import EwbiCall, queue_body
from op_platform.clients.ewbi.forms import UploadForm
from op_platform.clients.outbound_tokens import TokenProvider, TokenProviders
from op_platform.models.ewbi.paths import EWBI_ROOT
from op_platform.settings import Partner

A = TypeVar("A")


def api_root(partner: Partner) -> str:
    """The partner's EWBI root (``ewbi_base_url``, with the root appended to a bare server)."""
    base = str(partner.ewbi_base_url).rstrip("/")
    return base if base.endswith(EWBI_ROOT) else base + EWBI_ROOT


def queued(partner: Partner, call: EwbiCall[Any]) -> dict[str, Any]:
    """The outbox fields of a call to ``partner`` (``method``, ``url``, ``body``, ``headers``),
    to pass to ``outbox.enqueue`` with the caller's kind, auth and keys."""
    body, headers = queue_body(call)
    return {
        "method": call.method,
        "url": api_root(partner) + call.path,
        "body": body,
        "headers": headers,
    }


class EwbiClient:
    """Calls to ``partner``'s EWBI.

    ``partner.ewbi_base_url`` is the API root (``.../operatorplatform/federation/v1``); a bare
    server URL gets the root appended. ``tokens`` defaults to a provider of its own for the
    partner's client credentials; pass the process-wide one (``TokenProviders.for_partner``) to
    share cached tokens.
    """

    def __init__(
        self,
        http: httpx.AsyncClient,
        partner: Partner,
        tokens: TokenProvider | None = None,
        *,
        timeout: float | None = None,
    ) -> None:
        self.http = http
        self.timeout = timeout  # per request; None: the http client's own
        self.partner = partner
        self.base_url = api_root(partner)
        self.origin = self.base_url[: -len(EWBI_ROOT)]
        self.tokens = tokens or TokenProviders(http).for_partner(partner)

    def url(self, path: str) -> str:
        return self.base_url + path

    async def respond(self, call: EwbiCall[Any]) -> httpx.Response:
        """Make the call; the partner's (2xx) response as it came."""
        kwargs: dict[str, Any] = {}
        if isinstance(call.body, UploadForm):
            content, content_type = call.body.encode()
            kwargs.update(content=content, headers={"Content-Type": content_type})
        elif call.body is not None:
            kwargs["json"] = call.body.model_dump(mode="json", by_alias=True, exclude_none=True)
        return await peer_call(
            self.http,
            call.method,
            self.url(call.path),
            tokens=self.tokens,
            timeout=self.timeout,
            label=f"{call.label} at partner {self.partner.id}",
            **kwargs,
        )

    async def send(self, call: EwbiCall[A]) -> A:
        """Make the call and read the partner's answer as the operation defines it."""
        return call.answer(await self.respond(call))
