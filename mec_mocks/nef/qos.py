"""TS 29.122 AS Session with QoS: QoS on demand for one UE, and its user plane events.

The QoS is granted at once when the session is created: ``SUCCESSFUL_RESOURCES_ALLOCATION`` and
``QOS_GUARANTEED`` are notified (each if in ``events``). The admin API drops a session's QoS flow
(``QOS_NOT_GUARANTEED``), restores it (``QOS_GUARANTEED``) or releases the session. A release,
the UE leaving coverage, or ``qosDuration`` running out ends the session: ``SESSION_TERMINATION``
is notified (always, subscribed or not) and the resource is gone. A DELETE answers 200 with a
``USAGE_REPORT`` when ``usageThreshold`` was given (usage simulated at 1 Mbit/s), else 204.
"""

from __future__ import annotations

import time
from typing import Any

from mec_mocks.nef import paths
from mec_mocks.nef.network import Cell, Network, Ue
from mec_mocks.nef.notify import Notifier
from mec_mocks.nef.problems import NefProblem, exactly_one, merge_patch, parse_body
from mec_mocks.nef.resources import ApiService, find_ue, send_test
from mec_mocks.nef.store import Resource, Store
from mec_mocks.nef.wire.qos import (
    QOS_GUARANTEED,
    QOS_NOT_GUARANTEED,
    SESSION_TERMINATION,
    SUCCESSFUL_RESOURCES_ALLOCATION,
    UE_ADDRESSES,
    USAGE_REPORT,
    AsSessionWithQoSSubscription,
    AsSessionWithQoSSubscriptionPatch,
)

IP_OR_MAC = UE_ADDRESSES[:3]  # a gpsi may come with one of them, or alone
BYTES_PER_SECOND = 125_000  # 1 Mbit/s of simulated traffic, 80 % downlink


class AsSessionWithQos(ApiService):
    API = "as-session-with-qos"
    ITEM = paths.AS_SESSION_SUB
    OWNER_PARAM = "scsAsId"

    def __init__(
        self,
        store: Store,
        network: Network,
        notifier: Notifier,
        base_url: str,
        qos_references: list[str],
    ) -> None:
        super().__init__(store, network, notifier, base_url)
        self.qos_references = qos_references

    def _validate(self, raw: dict[str, Any]) -> tuple[dict[str, Any], Ue]:
        sub = parse_body(AsSessionWithQoSSubscription, raw)
        doc = sub.wire()
        present = [m for m in IP_OR_MAC if m in doc]
        member = exactly_one(doc, IP_OR_MAC if present else UE_ADDRESSES, "the UE")
        flows = "ethFlowInfo" if member == "macAddr" else "flowInfo"
        if member != "gpsi" and flows not in doc:
            reason = f"required with {member}"
            raise _missing(flows, reason)
        if sub.qosReference is None and sub.altQoSReferences is None:
            raise _missing("qosReference", "a pre-defined QoS reference is required")
        refs = [(f"/altQoSReferences/{i}", r) for i, r in enumerate(sub.altQoSReferences or [])]
        for param, ref in [("/qosReference", sub.qosReference), *refs]:
            if ref is not None and ref not in self.qos_references:
                reason = f"unknown QoS reference {ref!r}; known: {', '.join(self.qos_references)}"
                raise NefProblem(
                    400, reason, cause="MANDATORY_IE_INCORRECT", params=[(param, reason)]
                )
        ue = find_ue(self.network, doc, member)
        if "gpsi" in doc and member != "gpsi" and self.network.find("gpsi", doc["gpsi"]) is not ue:
            raise NefProblem(
                400,
                f"gpsi {doc['gpsi']} is not the UE of {member}",
                cause="MANDATORY_IE_INCORRECT",
                params=[("/gpsi", f"does not match {member}")],
            )
        if ue.cell is None:
            reason = f"UE {doc[member]} has no PDU session (out of coverage)"
            raise NefProblem(
                404, reason, cause="PDU_SESSION_NOT_AVAILABLE", params=[("/" + member, reason)]
            )
        return doc, ue

    async def create(self, owner: str, raw: dict[str, Any]) -> Resource:
        doc, ue = self._validate(raw)
        now = time.time()
        res = await self.resources.create(owner, doc, _state(doc, ue, now, now))
        send_test(self.notifier, res)
        self._notify(res, SUCCESSFUL_RESOURCES_ALLOCATION, appliedQosRef=_ref(doc))
        self._notify(res, QOS_GUARANTEED)
        return res

    async def replace(self, owner: str, sub_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, sub_id)
        doc, ue = self._validate(raw)
        state = _state(doc, ue, res.state["started"], time.time())
        return await self.resources.replace(res, doc, {**state, "qos": res.state["qos"]})

    async def patch(self, owner: str, sub_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, sub_id)
        parse_body(AsSessionWithQoSSubscriptionPatch, raw)
        current = {k: v for k, v in res.doc.items() if k != "self"}
        return await self.replace(owner, sub_id, merge_patch(current, raw))

    async def delete(self, owner: str, sub_id: str) -> dict[str, Any] | None:
        """Remove the session; the final usage report when ``usageThreshold`` was given."""
        res = self.resources.get(owner, sub_id)
        await self.resources.remove(res)
        if "usageThreshold" not in res.doc:
            return None
        return self._notification(res, USAGE_REPORT, accumulatedUsage=_usage(res))

    # network events -------------------------------------------------------------------------
    def sessions(self, *, sub_id: str | None = None, ue_id: str | None = None) -> list[Resource]:
        return [
            r
            for r in self.resources.list()
            if (sub_id is None or r.id == sub_id) and (ue_id is None or r.state["ue"] == ue_id)
        ]

    async def set_qos(self, sessions: list[Resource], guaranteed: bool) -> list[str]:
        """Drop (``guaranteed=False``) or restore the QoS flow of ``sessions``."""
        wanted = "GUARANTEED" if guaranteed else "NOT_GUARANTEED"
        changed = []
        for res in sessions:
            if res.state["qos"] != wanted:
                res.state["qos"] = wanted
                await self.resources.store.save(res)
                event = QOS_GUARANTEED if guaranteed else QOS_NOT_GUARANTEED
                self._notify(res, event, appliedQosRef=_ref(res.doc) if guaranteed else None)
                changed.append(res.id)
        return changed

    async def release(self, sessions: list[Resource]) -> list[str]:
        released = []
        for res in sessions:
            if await self.resources.remove(res):
                self._notify(res, SESSION_TERMINATION)
                released.append(res.id)
        return released

    async def on_move(self, ue: Ue, old: Cell | None, new: Cell | None) -> None:
        if new is None:
            await self.release(self.sessions(ue_id=ue.id))

    async def expire(self, now: float) -> None:
        ended = [r for r in self.resources.list() if (r.state.get("ends") or now + 1) <= now]
        await self.release(ended)

    def _notification(self, res: Resource, event: str, **extra: Any) -> dict[str, Any]:
        report = {"event": event, **{k: v for k, v in extra.items() if v is not None}}
        return {"transaction": res.doc["self"], "eventReports": [report]}

    def _notify(self, res: Resource, event: str, **extra: Any) -> None:
        if event == SESSION_TERMINATION or event in res.doc.get("events", []):
            body = self._notification(res, event, **extra)
            self.notifier.send(
                res.id, res.doc["notificationDestination"], "UserPlaneNotificationData", body
            )


def _missing(member: str, reason: str) -> NefProblem:
    return NefProblem(
        400, f"{member}: {reason}", cause="MANDATORY_IE_MISSING", params=[("/" + member, reason)]
    )


def _ref(doc: dict[str, Any]) -> str | None:
    ref = doc.get("qosReference")
    return str(ref) if ref is not None else (doc.get("altQoSReferences") or [None])[0]


def _state(doc: dict[str, Any], ue: Ue, started: float, now: float) -> dict[str, Any]:
    duration = doc.get("qosDuration")
    ends = now + duration if duration else None
    return {"ue": ue.id, "qos": "GUARANTEED", "started": started, "ends": ends}


def _usage(res: Resource) -> dict[str, int]:
    seconds = max(0, int(time.time() - res.state["started"]))
    total = seconds * BYTES_PER_SECOND
    return {
        "duration": seconds,
        "totalVolume": total,
        "downlinkVolume": total * 4 // 5,
        "uplinkVolume": total - total * 4 // 5,
    }
