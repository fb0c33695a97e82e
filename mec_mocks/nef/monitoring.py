"""TS 29.122 Monitoring Event, ``LOCATION_REPORTING`` only: where is a UE.

``maximumNumberOfReports: 1`` is a one-time request: the NEF answers 200 with the
``MonitoringEventReport`` and keeps no resource. Otherwise it creates a subscription (201; with
``immediateRep`` its body carries the current location in ``monitoringEventReport``) and POSTs a
``MonitoringNotification`` each time the UE changes cell, until ``maximumNumberOfReports``
reports were sent or ``monitorExpireTime`` passed; then the subscription is gone.
Other monitoring types of the file answer 501; unknown ones 400.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mec_mocks.nef import paths
from mec_mocks.nef.network import Cell, Ue
from mec_mocks.nef.problems import NefProblem, exactly_one, parse_body
from mec_mocks.nef.resources import ApiService, find_ue, no_groups, send_test
from mec_mocks.nef.store import Resource
from mec_mocks.nef.wire.monitoring import (
    ACCURACY_FIELDS,
    LOCATION_REPORTING,
    LOCATION_TYPES,
    MONITORING_TYPES,
    TARGETS,
    MonitoringEventSubscription,
)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class MonitoringEvent(ApiService):
    API = "monitoring-event"
    ITEM = paths.MONITORING_SUB
    OWNER_PARAM = "scsAsId"

    def _validate(self, raw: dict[str, Any]) -> tuple[dict[str, Any], Ue]:
        sub = parse_body(MonitoringEventSubscription, raw)
        doc = sub.wire()
        if sub.monitoringType != LOCATION_REPORTING:
            known = sub.monitoringType in MONITORING_TYPES
            reason = (
                "only LOCATION_REPORTING is supported by this NEF"
                if known
                else f"unknown monitoring type {sub.monitoringType!r}"
            )
            raise NefProblem(
                501 if known else 400,
                f"monitoringType: {reason}",
                cause="MONITORING_TYPE_NOT_SUPPORTED" if known else "MANDATORY_IE_INCORRECT",
                params=[("/monitoringType", reason)],
            )
        if sub.maximumNumberOfReports is None and sub.monitorExpireTime is None:
            reason = "one of maximumNumberOfReports and monitorExpireTime is required"
            raise NefProblem(
                400,
                reason,
                cause="MANDATORY_IE_MISSING",
                params=[("/maximumNumberOfReports", reason)],
            )
        for member, value, allowed in (
            ("accuracy", sub.accuracy, tuple(ACCURACY_FIELDS)),
            ("locationType", sub.locationType, LOCATION_TYPES),
        ):
            if value is not None and value not in allowed:
                reason = f"{value!r} is not supported; use one of {', '.join(allowed)}"
                raise NefProblem(
                    400,
                    f"{member}: {reason}",
                    cause="OPTIONAL_IE_INCORRECT",
                    params=[("/" + member, reason)],
                )
        target = exactly_one(doc, TARGETS, "the UE to locate")
        no_groups(doc, "externalGroupId")
        return doc, find_ue(self.network, doc, target)

    async def create(
        self, owner: str, raw: dict[str, Any]
    ) -> tuple[Resource | None, dict[str, Any]]:
        """``(None, report)`` for a one-time request, else ``(subscription, its body)``."""
        doc, ue = self._validate(raw)
        if doc.get("maximumNumberOfReports") == 1:
            return None, self.report(doc, ue)
        state = {"ue": ue.id, "reports": 0}
        if doc.get("immediateRep"):
            doc["monitoringEventReport"] = self.report(doc, ue)
            state["reports"] = 1
        res = await self.resources.create(owner, doc, state)
        send_test(self.notifier, res)
        return res, res.doc

    async def replace(self, owner: str, sub_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, sub_id)
        doc, ue = self._validate(raw)
        return await self.resources.replace(res, doc, {"ue": ue.id, "reports": 0})

    async def delete(self, owner: str, sub_id: str) -> None:
        await self.resources.remove(self.resources.get(owner, sub_id))

    def report(self, doc: dict[str, Any], ue: Ue) -> dict[str, Any]:
        """A ``MonitoringEventReport`` of where ``ue`` is, as precise as ``accuracy`` asks."""
        report: dict[str, Any] = {"monitoringType": LOCATION_REPORTING, "eventTime": now_iso()}
        for member in ("msisdn", "externalId"):
            if member in doc:
                report[member] = doc[member]
        cell = self.network.cell_of(ue)
        if cell is None:
            report["locFailureCause"] = "NOT_REGISTED_UE"
            return report
        info = self._location_info(cell)
        wanted = ACCURACY_FIELDS.get(doc.get("accuracy", ""), tuple(info))
        report["locationInfo"] = {"ageOfLocationInfo": 0} | {k: info[k] for k in wanted}
        return report

    def _location_info(self, cell: Cell) -> dict[str, Any]:
        return {
            "cellId": cell.id,
            "enodeBId": cell.gnb_id,
            "trackingAreaId": cell.tac,
            "plmnId": self.network.plmn,
            "geographicArea": {
                "shape": "POINT_UNCERTAINTY_CIRCLE",
                "point": {"lat": cell.lat, "lon": cell.lon},
                "uncertainty": self.network.cell_radius_m,
            },
        }

    async def on_move(self, ue: Ue, old: Cell | None, new: Cell | None) -> None:
        if new is None or old == new:
            return
        for res in self.resources.list():
            if res.state.get("ue") != ue.id:
                continue
            body = {
                "subscription": res.doc["self"],
                "monitoringEventReports": [self.report(res.doc, ue)],
            }
            url = res.doc["notificationDestination"]
            self.notifier.send(res.id, url, "MonitoringNotification", body)
            res.state["reports"] = res.state.get("reports", 0) + 1
            limit = res.doc.get("maximumNumberOfReports")
            if limit is not None and res.state["reports"] >= limit:
                await self.resources.remove(res)
            else:
                await self.resources.store.save(res)

    async def expire(self, now: float) -> None:
        for res in self.resources.list():
            ends = res.doc.get("monitorExpireTime")
            if ends and datetime.fromisoformat(ends.replace("Z", "+00:00")).timestamp() <= now:
                await self.resources.remove(res)
