"""What the four API services share: one collection of resources per API (ids, self links,
404s), the lookup of the UE a request names, and the test notification of TS 29.122 5.2.5.3."""

from __future__ import annotations

import uuid
from dataclasses import KW_ONLY, dataclass
from typing import Any, ClassVar

from mec_mocks.nef import paths
from mec_mocks.nef.network import Network, Ue
from mec_mocks.nef.notify import Notifier
from mec_mocks.nef.problems import NefProblem
from mec_mocks.nef.store import Resource, Store


@dataclass(eq=False)
class Collection:
    """CRUD of one API's resources in the store; the API's service adds the meaning."""

    store: Store
    _: KW_ONLY
    api: str
    base_url: str
    item: str
    owner_param: str
    id_param: str

    def self_link(self, owner: str, res_id: str) -> str:
        return paths.url(
            self.base_url, self.item, **{self.owner_param: owner, self.id_param: res_id}
        )

    def get(self, owner: str, res_id: str) -> Resource:
        res = self.store.get(self.api, owner, res_id)
        if res is None:
            raise NefProblem(
                404,
                f"{self.id_param} {res_id} does not exist for {owner}",
                cause="SUBSCRIPTION_NOT_FOUND",
                params=[(self.id_param, "no such resource")],
            )
        return res

    def list(self, owner: str | None = None) -> list[Resource]:
        return self.store.find(self.api, owner)

    async def create(
        self, owner: str, doc: dict[str, Any], state: dict[str, Any] | None = None
    ) -> Resource:
        res_id = str(uuid.uuid4())
        res = Resource(
            api=self.api,
            id=res_id,
            owner=owner,
            doc={**doc, "self": self.self_link(owner, res_id)},
            state=state or {},
        )
        await self.store.save(res)
        return res

    async def replace(
        self, res: Resource, doc: dict[str, Any], state: dict[str, Any] | None = None
    ) -> Resource:
        res.doc = {**doc, "self": self.self_link(res.owner, res.id)}
        if state is not None:
            res.state = state
        await self.store.save(res)
        return res

    async def remove(self, res: Resource) -> bool:
        return await self.store.remove(res)


class ApiService:
    """Base of the four API services: the network they act on, the notifier, one collection
    (the class attributes say which resources and which path parameters)."""

    API: ClassVar[str]
    ITEM: ClassVar[str]
    OWNER_PARAM: ClassVar[str]
    ID_PARAM: ClassVar[str] = "subscriptionId"

    def __init__(self, store: Store, network: Network, notifier: Notifier, base_url: str) -> None:
        self.network = network
        self.notifier = notifier
        self.resources = Collection(
            store,
            api=self.API,
            base_url=base_url,
            item=self.ITEM,
            owner_param=self.OWNER_PARAM,
            id_param=self.ID_PARAM,
        )


def find_ue(network: Network, doc: dict[str, Any], member: str) -> Ue:
    """The UE ``doc[member]`` names; 404 naming the member when no UE has it."""
    value = str(doc[member])
    ue = network.find(member, value)
    if ue is None:
        reason = f"no UE with {member} {value}"
        raise NefProblem(404, reason, cause="USER_NOT_FOUND", params=[("/" + member, reason)])
    return ue


def check_dnai(network: Network, dnai: str, param: str) -> None:
    if dnai not in network.dnais:
        reason = f"unknown DNAI {dnai!r}; this NEF serves {', '.join(sorted(network.dnais))}"
        raise NefProblem(400, reason, cause="MANDATORY_IE_INCORRECT", params=[(param, reason)])


def no_groups(doc: dict[str, Any], member: str) -> None:
    """External groups are not provisioned in this network: naming one is a 404."""
    if doc.get(member) is not None:
        reason = f"external group {doc[member]} is not provisioned"
        raise NefProblem(404, reason, cause="GROUP_NOT_FOUND", params=[("/" + member, reason)])


def send_test(notifier: Notifier, res: Resource) -> None:
    """``requestTestNotification``: a ``TestNotification {subscription}`` to the destination."""
    url = res.doc.get("notificationDestination")
    if res.doc.get("requestTestNotification") and url:
        notifier.send(res.id, url, "TestNotification", {"subscription": res.doc["self"]})
