"""NEF northbound handlers: parse, call the API's service, render. No business logic here.

The four APIs share the shape of their operations, so most handlers come from one factory per
operation, given the name of the service (an attribute of :class:`~mec_mocks.nef.system.Nef`).
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from aiohttp import web

from mec_mocks.common.http import Handler, json_response
from mec_mocks.nef import keys
from mec_mocks.nef.auth import AF_ID
from mec_mocks.nef.problems import MERGE_PATCH, NefProblem, read_body
from mec_mocks.nef.resources import Collection
from mec_mocks.nef.store import Resource


class Api(Protocol):
    resources: Collection

    async def create(self, owner: str, raw: dict[str, Any]) -> Any: ...

    async def replace(self, owner: str, res_id: str, raw: dict[str, Any]) -> Resource: ...

    async def delete(self, owner: str, res_id: str) -> Any: ...


def _api(request: web.Request, name: str) -> Any:
    return getattr(request.app[keys.NEF], name)


def _id(request: web.Request, api: Api) -> str:
    return request.match_info[api.resources.id_param]


def created(res: Resource, body: dict[str, Any] | None = None) -> web.Response:
    return json_response(
        body if body is not None else res.doc, status=201, headers={"Location": res.doc["self"]}
    )


def listing(name: str, filters: tuple[str, str, str] | None = None) -> Handler:
    """GET a collection; ``filters`` names the members ``ip-addrs`` (v4, v6) and ``mac-addrs``
    match, for the APIs whose 3GPP file has those query parameters."""

    async def handle(request: web.Request) -> web.Response:
        api: Api = _api(request, name)
        items = api.resources.list(request[AF_ID])
        if filters is not None:
            items = [r for r in items if _matches(r.doc, request, filters)]
        return json_response([r.doc for r in items])

    return handle


def creating(name: str) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        api: Api = _api(request, name)
        return created(await api.create(request[AF_ID], await read_body(request)))

    return handle


def reading(name: str) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        api: Api = _api(request, name)
        return json_response(api.resources.get(request[AF_ID], _id(request, api)).doc)

    return handle


def replacing(name: str) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        api: Api = _api(request, name)
        raw = await read_body(request)
        return json_response((await api.replace(request[AF_ID], _id(request, api), raw)).doc)

    return handle


def patching(name: str) -> Handler:
    async def handle(request: web.Request) -> web.Response:
        api = _api(request, name)
        raw = await read_body(request, MERGE_PATCH)
        return json_response((await api.patch(request[AF_ID], _id(request, api), raw)).doc)

    return handle


def deleting(name: str) -> Handler:
    """DELETE: 204, or 200 with the body the service returns (a final report)."""

    async def handle(request: web.Request) -> web.Response:
        api: Api = _api(request, name)
        body = await api.delete(request[AF_ID], _id(request, api))
        return web.Response(status=204) if body is None else json_response(body)

    return handle


async def create_monitoring(request: web.Request) -> web.Response:
    nef = request.app[keys.NEF]
    res, body = await nef.monitoring.create(request[AF_ID], await read_body(request))
    return json_response(body) if res is None else created(res, body)


async def remove_edis(request: web.Request) -> web.Response:
    await request.app[keys.NEF].eas.remove_matching(request[AF_ID], await read_body(request))
    return web.Response(status=204)


def _matches(doc: dict[str, Any], request: web.Request, members: tuple[str, str, str]) -> bool:
    v4, v6, mac = members
    wanted_ips = _ip_addrs(request)
    wanted_macs = {m.lower() for m in request.query.getall("mac-addrs", [])}
    if wanted_ips is None and not wanted_macs:
        return True
    return bool(
        (wanted_ips and (doc.get(v4) in wanted_ips or doc.get(v6) in wanted_ips))
        or (wanted_macs and str(doc.get(mac, "")).lower() in wanted_macs)
    )


def _ip_addrs(request: web.Request) -> set[str] | None:
    """The ``ip-addrs`` query parameter: a JSON array of ``IpAddr`` objects."""
    raw = request.query.get("ip-addrs")
    if raw is None:
        return None
    try:
        items = json.loads(raw)
        if not isinstance(items, list) or not items:
            raise ValueError("not a non-empty array")
        return {str(v) for item in items for v in dict(item).values()}
    except (ValueError, TypeError) as exc:
        reason = f"must be a JSON array of IpAddr objects ({exc})"
        raise NefProblem(
            400, f"ip-addrs: {reason}", cause="INVALID_QUERY_PARAM", params=[("ip-addrs", reason)]
        ) from None


async def health(request: web.Request) -> web.Response:
    nef = request.app[keys.NEF]
    return json_response({"status": "ok", "down": nef.gate.is_down()})
