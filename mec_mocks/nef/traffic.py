"""TS 29.522 Traffic Influence: the AF steers a UE's (or any UE's) traffic to DNAIs and is told
of UP path changes.

A subscription covers a UE when it names it (``ipv4Addr``, ``ipv6Addr``, ``macAddr``, ``gpsi``)
or has ``anyUeInd: true``. When a covered UE moves to a cell of another DNAI, every covering
subscription with ``subscribedEvents: [UP_PATH_CHANGE]`` gets an ``EventNotification``: one with
``dnaiChgType`` LATE (the default) or EARLY, or two (EARLY then LATE) for EARLY_LATE. A move
within one DNAI, into or out of coverage, changes no UP path.
"""

from __future__ import annotations

from typing import Any

from mec_mocks.nef import paths
from mec_mocks.nef.network import Cell, Ue
from mec_mocks.nef.problems import NefProblem, exactly_one, merge_patch, parse_body
from mec_mocks.nef.resources import (
    ApiService,
    check_dnai,
    find_ue,
    no_groups,
    send_test,
)
from mec_mocks.nef.store import Resource
from mec_mocks.nef.wire.traffic import (
    FLOWS,
    TARGETS,
    UP_PATH_CHANGE,
    TrafficInfluSub,
    TrafficInfluSubPatch,
)

UE_MEMBERS = ("ipv4Addr", "ipv6Addr", "macAddr", "gpsi")


class TrafficInfluence(ApiService):
    API = "traffic-influence"
    ITEM = paths.TRAFFIC_INFLUENCE_SUB
    OWNER_PARAM = "afId"

    def _validate(self, raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        sub = parse_body(TrafficInfluSub, raw)
        doc = sub.wire()
        exactly_one(doc, FLOWS, "the traffic to influence")
        target = exactly_one(doc, TARGETS, "the UE(s) to influence")
        if target == "anyUeInd" and not sub.anyUeInd:
            raise NefProblem(
                400,
                "anyUeInd: must be true when it is the target",
                cause="MANDATORY_IE_INCORRECT",
                params=[("/anyUeInd", "must be true when no UE address is given")],
            )
        if sub.subscribedEvents and not sub.notificationDestination:
            reason = "required with subscribedEvents"
            raise NefProblem(
                400,
                f"notificationDestination: {reason}",
                cause="MANDATORY_IE_MISSING",
                params=[("/notificationDestination", reason)],
            )
        for i, route in enumerate(sub.trafficRoutes or []):
            check_dnai(self.network, route.dnai, f"/trafficRoutes/{i}/dnai")
        no_groups(doc, "externalGroupId")
        state = {"ue": find_ue(self.network, doc, target).id} if target in UE_MEMBERS else {}
        return doc, state

    async def create(self, owner: str, raw: dict[str, Any]) -> Resource:
        doc, state = self._validate(raw)
        res = await self.resources.create(owner, doc, state)
        send_test(self.notifier, res)
        return res

    async def replace(self, owner: str, sub_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, sub_id)
        doc, state = self._validate(raw)
        return await self.resources.replace(res, doc, state)

    async def patch(self, owner: str, sub_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, sub_id)
        parse_body(TrafficInfluSubPatch, raw)
        current = {k: v for k, v in res.doc.items() if k != "self"}
        doc, state = self._validate(merge_patch(current, raw))
        return await self.resources.replace(res, doc, state)

    async def delete(self, owner: str, sub_id: str) -> None:
        await self.resources.remove(self.resources.get(owner, sub_id))

    def covers(self, res: Resource, ue: Ue) -> bool:
        return bool(res.doc.get("anyUeInd")) or res.state.get("ue") == ue.id

    async def on_move(self, ue: Ue, old: Cell | None, new: Cell | None) -> None:
        if old is None or new is None or old.dnai == new.dnai:
            return
        for res in self.resources.list():
            url = res.doc.get("notificationDestination")
            if (
                url
                and UP_PATH_CHANGE in res.doc.get("subscribedEvents", [])
                and self.covers(res, ue)
            ):
                for change in _change_types(res.doc.get("dnaiChgType")):
                    body = up_path_change(res.doc, ue, old.dnai, new.dnai, change)
                    self.notifier.send(res.id, url, "EventNotification", body)


def _change_types(requested: str | None) -> list[str]:
    return ["EARLY", "LATE"] if requested == "EARLY_LATE" else [requested or "LATE"]


def _route(doc: dict[str, Any], dnai: str) -> dict[str, Any] | None:
    return next((r for r in doc.get("trafficRoutes", []) if r.get("dnai") == dnai), None)


def up_path_change(
    doc: dict[str, Any], ue: Ue, source: str, target: str, change: str
) -> dict[str, Any]:
    """The TS 29.522 ``EventNotification`` of one UP path change (the UE keeps its address)."""
    body: dict[str, Any] = {
        "afTransId": doc.get("afTransId"),
        "dnaiChgType": change,
        "subscribedEvent": UP_PATH_CHANGE,
        "sourceDnai": source,
        "targetDnai": target,
        "sourceTrafficRoute": _route(doc, source),
        "targetTrafficRoute": _route(doc, target),
        "gpsi": ue.gpsi,
        "srcUeIpv4Addr": ue.ipv4,
        "tgtUeIpv4Addr": ue.ipv4,
    }
    return {k: v for k, v in body.items() if v is not None}
