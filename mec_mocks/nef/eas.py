"""TS 29.522 EAS Deployment: the AF tells the NEF where its edge application servers run
(FQDN patterns and, per DNAI, EAS addresses or local DNS servers), for EAS discovery.

Every ``dnaiInfos`` key must be a DNAI of this network and equal its entry's ``dnai``.
``POST /remove-edis`` deletes the caller's records matching ``afId`` (which must be the caller)
and/or ``dnnSnssai``; 404 when none matched.
"""

from __future__ import annotations

from typing import Any

from mec_mocks.nef import paths
from mec_mocks.nef.problems import NefProblem, parse_body
from mec_mocks.nef.resources import ApiService, check_dnai
from mec_mocks.nef.store import Resource
from mec_mocks.nef.wire.eas import EasDeployInfo, EdiDeleteCriteria


class EasDeployment(ApiService):
    API = "eas-deployment"
    ITEM = paths.EAS_DEPLOYMENT
    OWNER_PARAM = "afId"
    ID_PARAM = "easDeployInfoId"

    def _validate(self, raw: dict[str, Any]) -> dict[str, Any]:
        info = parse_body(EasDeployInfo, raw)
        for key, entry in (info.dnaiInfos or {}).items():
            check_dnai(self.network, key, f"/dnaiInfos/{key}")
            if entry.dnai != key:
                reason = f"must be the map key {key!r}"
                raise NefProblem(
                    400,
                    f"dnaiInfos/{key}/dnai: {reason}",
                    cause="MANDATORY_IE_INCORRECT",
                    params=[(f"/dnaiInfos/{key}/dnai", reason)],
                )
        return info.wire()

    async def create(self, owner: str, raw: dict[str, Any]) -> Resource:
        return await self.resources.create(owner, self._validate(raw))

    async def replace(self, owner: str, info_id: str, raw: dict[str, Any]) -> Resource:
        res = self.resources.get(owner, info_id)
        return await self.resources.replace(res, self._validate(raw))

    async def delete(self, owner: str, info_id: str) -> None:
        await self.resources.remove(self.resources.get(owner, info_id))

    async def remove_matching(self, owner: str, raw: dict[str, Any]) -> int:
        criteria = parse_body(EdiDeleteCriteria, raw)
        if criteria.afId is None and criteria.dnnSnssai is None:
            reason = "one of afId and dnnSnssai is required"
            raise NefProblem(400, reason, cause="MANDATORY_IE_MISSING", params=[("/afId", reason)])
        if criteria.afId is not None and criteria.afId != owner:
            raise NefProblem(
                403,
                f"afId {criteria.afId!r} is not the client of this access token",
                cause="REQUESTED_SERVICE_NOT_AUTHORIZED",
                params=[("/afId", "must be the AF the access token was issued to")],
            )
        wanted = criteria.dnnSnssai.wire() if criteria.dnnSnssai else {}
        matching = [
            r
            for r in self.resources.list(owner)
            if all(r.doc.get(k) == v for k, v in wanted.items())
        ]
        if not matching:
            raise NefProblem(404, "no EAS deployment information matches", cause="DATA_NOT_FOUND")
        for res in matching:
            await self.resources.remove(res)
        return len(matching)
