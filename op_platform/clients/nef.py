"""SBI-NR client toward the operator's NEF: this OP is the AF (afId = scsAsId = its client id).

One method per operation of openapi/nef.yaml: traffic influence (steer an edge app's traffic to
the DNAI of the site where an instance runs), EAS deployment information, AS session with QoS
(CAMARA Quality-on-Demand) and location monitoring (one-time report or subscription). Every call
goes through :func:`op_platform.clients.call.call`: the bearer token comes from ``tokens`` (see
:func:`nef_token_provider`), a 401 fetches a new one and retries once, and failures become
``PeerError`` (the NEF's status, ProblemDetails and ``Retry-After``) or ``Unavailable``.
URLs come from :mod:`op_platform.models.nef.paths` only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Generic, TypeVar

import httpx
from pydantic import BaseModel

from op_platform.clients.call import call
from op_platform.clients.ewbi.answers import parsed, validated
from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.errors import UpstreamError
from op_platform.models.nef import (
    AsSessionWithQoSSubscription,
    AsSessionWithQoSSubscriptionPatch,
    EasDeployInfo,
    EdiDeleteCriteria,
    MonitoringEventReport,
    MonitoringEventSubscription,
    NefModel,
    TrafficInfluSub,
    TrafficInfluSubPatch,
    UserPlaneNotificationData,
    paths,
)

T = TypeVar("T", bound=BaseModel)
NEF_SCOPE = "nef"
JSON = "application/json"
MERGE_PATCH = "application/merge-patch+json"


@dataclass(frozen=True)
class Created(Generic[T]):
    """A resource the NEF created: its id (for later calls), its URI and its body."""

    id: str
    location: str
    body: T


def nef_token_provider(
    http: httpx.AsyncClient, nef_url: str, af_id: str, secret: str, *, scope: str = NEF_SCOPE
) -> TokenProvider:
    """Client-credentials tokens from the NEF's own ``/oauth2/token`` for this AF."""
    return TokenProvider(http, paths.url(nef_url, paths.TOKEN), af_id, secret, scope=scope)


def _parse(model: type[T], response: httpx.Response) -> T:
    return parsed(model, "the NEF")(response)


class NefClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        af_id: str,
        tokens: TokenProvider | None,
        timeout: float = 10.0,
    ) -> None:
        self.http = http
        self.base_url = base_url.rstrip("/")
        self.af_id = af_id
        self.tokens = tokens
        self.timeout = timeout

    def url(
        self, template: str, ids: dict[str, str] | None = None, query: dict[str, str] | None = None
    ) -> str:
        """The URL of ``template`` at this NEF, for this AF (``{afId}``/``{scsAsId}``)."""
        values = {"afId": self.af_id, "scsAsId": self.af_id, **(ids or {})}
        return paths.url(self.base_url, template, query=query, **values)

    async def _send(
        self, method: str, url: str, body: NefModel | None = None, media: str = JSON
    ) -> httpx.Response:
        headers = {"Accept": "application/json, application/problem+json"}
        content = None
        if body is not None:
            headers["Content-Type"] = media
            content = json.dumps(body.wire())
        return await call(
            self.http,
            method,
            url,
            tokens=self.tokens,
            content=content,
            headers=headers,
            timeout=self.timeout,
        )

    async def _create(self, template: str, body: NefModel, model: type[T]) -> Created[T]:
        response = await self._send("POST", self.url(template), body)
        created = _parse(model, response)
        location = response.headers.get("Location") or getattr(created, "self_link", None)
        if not location:
            raise UpstreamError("the NEF created a resource without a Location", cause="peer")
        return Created(paths.resource_id(location), location, created)

    async def _list(
        self, template: str, model: type[T], query: dict[str, str] | None = None
    ) -> list[T]:
        response = await self._send("GET", self.url(template, query=query))
        items = response.json()
        if not isinstance(items, list):
            raise UpstreamError("the NEF answered a list operation without a list", cause="peer")
        return [validated(model, item, "the NEF's list", f"[{n}]") for n, item in enumerate(items)]

    async def _read(self, template: str, model: type[T], ids: dict[str, str]) -> T:
        return _parse(model, await self._send("GET", self.url(template, ids)))

    async def _put(self, template: str, body: NefModel, model: type[T], ids: dict[str, str]) -> T:
        return _parse(model, await self._send("PUT", self.url(template, ids), body))

    async def _patch(self, template: str, body: NefModel, model: type[T], ids: dict[str, str]) -> T:
        response = await self._send("PATCH", self.url(template, ids), body, MERGE_PATCH)
        return _parse(model, response)

    async def _delete(self, template: str, ids: dict[str, str]) -> httpx.Response:
        return await self._send("DELETE", self.url(template, ids))

    # TS 29.522 traffic influence --------------------------------------------------------------
    async def create_traffic_influence(self, sub: TrafficInfluSub) -> Created[TrafficInfluSub]:
        return await self._create(paths.TRAFFIC_INFLUENCE_SUBS, sub, TrafficInfluSub)

    async def list_traffic_influences(self) -> list[TrafficInfluSub]:
        return await self._list(paths.TRAFFIC_INFLUENCE_SUBS, TrafficInfluSub)

    async def get_traffic_influence(self, sub_id: str) -> TrafficInfluSub:
        return await self._read(
            paths.TRAFFIC_INFLUENCE_SUB, TrafficInfluSub, {"subscriptionId": sub_id}
        )

    async def update_traffic_influence(self, sub_id: str, sub: TrafficInfluSub) -> TrafficInfluSub:
        return await self._put(
            paths.TRAFFIC_INFLUENCE_SUB, sub, TrafficInfluSub, {"subscriptionId": sub_id}
        )

    async def patch_traffic_influence(
        self, sub_id: str, patch: TrafficInfluSubPatch
    ) -> TrafficInfluSub:
        return await self._patch(
            paths.TRAFFIC_INFLUENCE_SUB, patch, TrafficInfluSub, {"subscriptionId": sub_id}
        )

    async def delete_traffic_influence(self, sub_id: str) -> None:
        await self._delete(paths.TRAFFIC_INFLUENCE_SUB, {"subscriptionId": sub_id})

    # TS 29.122 AS session with QoS -------------------------------------------------------------
    async def create_qos_session(
        self, sub: AsSessionWithQoSSubscription
    ) -> Created[AsSessionWithQoSSubscription]:
        return await self._create(paths.AS_SESSION_SUBS, sub, AsSessionWithQoSSubscription)

    async def list_qos_sessions(
        self, *, ue_ipv4_addr: str | None = None
    ) -> list[AsSessionWithQoSSubscription]:
        """The sessions of this AF (only those of ``ue_ipv4_addr`` when given)."""
        query = {"ip-addrs": json.dumps([{"ipv4Addr": ue_ipv4_addr}])} if ue_ipv4_addr else None
        return await self._list(paths.AS_SESSION_SUBS, AsSessionWithQoSSubscription, query)

    async def get_qos_session(self, sub_id: str) -> AsSessionWithQoSSubscription:
        return await self._read(
            paths.AS_SESSION_SUB, AsSessionWithQoSSubscription, {"subscriptionId": sub_id}
        )

    async def update_qos_session(
        self, sub_id: str, sub: AsSessionWithQoSSubscription
    ) -> AsSessionWithQoSSubscription:
        return await self._put(
            paths.AS_SESSION_SUB, sub, AsSessionWithQoSSubscription, {"subscriptionId": sub_id}
        )

    async def patch_qos_session(
        self, sub_id: str, patch: AsSessionWithQoSSubscriptionPatch
    ) -> AsSessionWithQoSSubscription:
        return await self._patch(
            paths.AS_SESSION_SUB, patch, AsSessionWithQoSSubscription, {"subscriptionId": sub_id}
        )

    async def delete_qos_session(self, sub_id: str) -> UserPlaneNotificationData | None:
        """End the session; the final usage report when the NEF sends one (200), else None."""
        response = await self._delete(paths.AS_SESSION_SUB, {"subscriptionId": sub_id})
        if response.status_code == 204 or not response.content:
            return None
        return _parse(UserPlaneNotificationData, response)

    # TS 29.522 EAS deployment ------------------------------------------------------------------
    async def create_eas_deployment(self, info: EasDeployInfo) -> Created[EasDeployInfo]:
        return await self._create(paths.EAS_DEPLOYMENTS, info, EasDeployInfo)

    async def list_eas_deployments(self) -> list[EasDeployInfo]:
        return await self._list(paths.EAS_DEPLOYMENTS, EasDeployInfo)

    async def get_eas_deployment(self, info_id: str) -> EasDeployInfo:
        return await self._read(paths.EAS_DEPLOYMENT, EasDeployInfo, {"easDeployInfoId": info_id})

    async def update_eas_deployment(self, info_id: str, info: EasDeployInfo) -> EasDeployInfo:
        return await self._put(
            paths.EAS_DEPLOYMENT, info, EasDeployInfo, {"easDeployInfoId": info_id}
        )

    async def delete_eas_deployment(self, info_id: str) -> None:
        await self._delete(paths.EAS_DEPLOYMENT, {"easDeployInfoId": info_id})

    async def remove_eas_deployments(self, criteria: EdiDeleteCriteria) -> None:
        await self._send("POST", self.url(paths.EAS_REMOVE), criteria)

    # TS 29.122 monitoring event: location ------------------------------------------------------
    async def locate_once(self, request: MonitoringEventSubscription) -> MonitoringEventReport:
        """A one-time location report (``maximum_number_of_reports`` must be 1)."""
        if request.maximum_number_of_reports != 1:
            raise ValueError("a one-time location request has maximum_number_of_reports=1")
        response = await self._send("POST", self.url(paths.MONITORING_SUBS), request)
        if response.status_code != 200:
            raise UpstreamError(
                f"the NEF answered a one-time location request with {response.status_code}",
                cause="peer",
            )
        return _parse(MonitoringEventReport, response)

    async def create_location_subscription(
        self, sub: MonitoringEventSubscription
    ) -> Created[MonitoringEventSubscription]:
        """Location reports to ``notification_destination`` each time the UE changes cell."""
        return await self._create(paths.MONITORING_SUBS, sub, MonitoringEventSubscription)

    async def list_location_subscriptions(self) -> list[MonitoringEventSubscription]:
        return await self._list(paths.MONITORING_SUBS, MonitoringEventSubscription)

    async def get_location_subscription(self, sub_id: str) -> MonitoringEventSubscription:
        return await self._read(
            paths.MONITORING_SUB, MonitoringEventSubscription, {"subscriptionId": sub_id}
        )

    async def update_location_subscription(
        self, sub_id: str, sub: MonitoringEventSubscription
    ) -> MonitoringEventSubscription:
        return await self._put(
            paths.MONITORING_SUB, sub, MonitoringEventSubscription, {"subscriptionId": sub_id}
        )

    async def delete_location_subscription(self, sub_id: str) -> None:
        await self._delete(paths.MONITORING_SUB, {"subscriptionId": sub_id})
