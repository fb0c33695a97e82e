"""This OP's NEF as the services see it: where it is, who this OP is there (the AF id), the
token provider of its client credentials, and the URLs of its resources.

Built from the settings (``nef_url``, ``nef``) by :func:`nef_target`; the NEF's URL is checked
against the outbound policy when the OP starts (a refused URL stops the start with a message
naming ``nef_url``) and again by the transport at every call. The paths are those of
:mod:`op_platform.models.nef.paths`, as the typed client :class:`~op_platform.clients.nef.NefClient`
uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from op_platform.clients.nef import NEF_SCOPE, NefClient
from op_platform.clients.outbound_tokens import TokenProvider, TokenProviders
from op_platform.models.nef import paths
from op_platform.settings import ConfigError, Settings
from perimeter import UrlRefused, check_url

NEF_AUTH = "nef"  # outbox auth reference kind: the NEF's client-credentials token


@dataclass(frozen=True)
class NefTarget:
    base_url: str
    af_id: str
    token_url: str
    secret: str | None
    scope: str = NEF_SCOPE

    def url(self, template: str, **ids: str) -> str:
        """The URL of ``template`` at this NEF, for this AF."""
        values = {"afId": self.af_id, "scsAsId": self.af_id, **ids}
        return paths.url(self.base_url, template, query=None, **values)

    def tokens(self, providers: TokenProviders) -> TokenProvider | Mapping[str, str]:
        """What authenticates a call: the shared token provider (no header without a secret)."""
        if self.secret is None:
            return {}
        return providers.get(self.token_url, self.af_id, self.secret, self.scope)

    def client(self, http: httpx.AsyncClient, providers: TokenProviders) -> NefClient:
        """The typed client, for calls made now (reads, one-time location requests)."""
        tokens = self.tokens(providers)
        provider = tokens if isinstance(tokens, TokenProvider) else None
        return NefClient(http, self.base_url, self.af_id, provider)


def nef_target(settings: Settings) -> NefTarget | None:
    """The NEF of ``settings`` (None when ``nef_url`` is not set); ConfigError when the outbound
    policy refuses its URL."""
    if settings.nef_url is None:
        return None
    base = str(settings.nef_url).rstrip("/")
    token_url = str(settings.nef.token_url or paths.url(base, paths.TOKEN))
    for field, url in (("nef_url", base), ("nef.token_url", token_url)):
        try:
            check_url(url, settings.outbound, field=field)
        except UrlRefused as exc:
            raise ConfigError(f"{field} is refused by the outbound policy: {exc.reason}") from None
    secret = settings.nef.client_secret
    return NefTarget(
        base_url=base,
        af_id=settings.nef.af_id or settings.operator_id,
        token_url=token_url,
        secret=secret.get_secret_value() if secret is not None else None,
        scope=settings.nef.scope,
    )
