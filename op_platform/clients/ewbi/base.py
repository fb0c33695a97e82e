"""The EWBI client of one partner: base URL, credentials, and one generic ``request``."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from op_platform.clients.call import call
from op_platform.clients.tokens import TokenProvider, TokenProviders
from op_platform.errors import UpstreamError
from op_platform.models.ewbi.paths import EWBI_ROOT
from op_platform.settings import Partner

M = TypeVar("M", bound=BaseModel)


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
        base = str(partner.ewbi_base_url).rstrip("/")
        if not base.endswith(EWBI_ROOT):
            base += EWBI_ROOT
        self.base_url = base
        self.origin = base[: -len(EWBI_ROOT)]
        self.tokens = tokens or TokenProviders(http).for_partner(partner)

    def url(self, path: str) -> str:
        return self.base_url + path

    async def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        files: Any = None,
        data: Any = None,
        content: bytes | str | None = None,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        """``method`` on ``path`` (relative to the EWBI root, from ``models.ewbi.paths``).

        ``content`` is a raw body (bytes can be replayed for the 401 retry); set its
        ``Content-Type`` in ``headers``.
        """
        return await call(
            self.http,
            method,
            self.url(path),
            tokens=self.tokens,
            json=json,
            files=files,
            data=data,
            content=content,
            headers=headers,
            timeout=self.timeout,
        )

    @staticmethod
    def parse(response: httpx.Response, model: type[M]) -> M:
        """The response body as ``model``; UpstreamError when the partner sent something else."""
        try:
            return model.model_validate(response.json())
        except (ValueError, ValidationError) as exc:
            raise UpstreamError(
                f"the partner's answer is not a valid {model.__name__}",
                cause="invalid_partner_answer",
            ) from exc


def wire(model: BaseModel) -> Any:
    """A request body as it goes on the wire (aliases, no nulls)."""
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)
