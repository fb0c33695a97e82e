"""Admin API of the NEF mock (plain JSON, no token: bind it to loopback or a lab network).

It drives the simulated network: list sites, cells and UEs, move a UE, drop/restore/release a
QoS flow, take the NEF down and up, see every resource and the notifications sent.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from mec_mocks.common.http import json_response
from mec_mocks.nef import keys
from mec_mocks.nef.problems import NefProblem, read_body
from mec_mocks.nef.store import Resource
from mec_mocks.nef.system import Nef


def _nef(request: web.Request) -> Nef:
    return request.app[keys.NEF]


async def _optional_body(request: web.Request) -> dict[str, Any]:
    return await read_body(request) if request.body_exists else {}


async def status(request: web.Request) -> web.Response:
    nef = _nef(request)
    return json_response({**nef.gate.status(), "pendingNotifications": nef.notifier.pending()})


async def down(request: web.Request) -> web.Response:
    body = await _optional_body(request)
    seconds = body.get("seconds")
    if seconds is not None and (not isinstance(seconds, int | float) or seconds <= 0):
        raise NefProblem(400, "seconds: must be a positive number", params=[("/seconds", "> 0")])
    nef = _nef(request)
    nef.gate.down(float(seconds) if seconds is not None else None)
    return json_response(nef.gate.status())


async def up(request: web.Request) -> web.Response:
    nef = _nef(request)
    nef.gate.up()
    return json_response(nef.gate.status())


async def sites(request: web.Request) -> web.Response:
    network = _nef(request).network
    return json_response(
        [
            {
                "zoneId": s.zone,
                "dnai": s.dnai,
                "lat": lat,
                "lon": lon,
                "cells": [c.id for c in network.cells_of(s.dnai)],
            }
            for s, lat, lon in network.sites
        ]
    )


async def cells(request: web.Request) -> web.Response:
    return json_response([c.view() for c in _nef(request).network.cells.values()])


async def ues(request: web.Request) -> web.Response:
    network = _nef(request).network
    return json_response([network.ue_view(ue) for ue in network.ues.values()])


async def ue(request: web.Request) -> web.Response:
    network = _nef(request).network
    found = network.ues.get(request.match_info["ueId"])
    if found is None:
        raise NefProblem(404, f"no UE {request.match_info['ueId']}")
    return json_response(network.ue_view(found))


async def move_ue(request: web.Request) -> web.Response:
    """Body ``{cellId}``, ``{dnai}`` or ``{detached: true}`` (out of coverage)."""
    body = await read_body(request)
    nef = _nef(request)
    target = nef.mobility.target(
        cell_id=body.get("cellId"), dnai=body.get("dnai"), detach=bool(body.get("detached"))
    )
    move = await nef.mobility.move(request.match_info["ueId"], target)
    return json_response(move.view(nef.network))


def _resource_view(res: Resource) -> dict[str, Any]:
    return {"api": res.api, "id": res.id, "owner": res.owner, "state": res.state, "body": res.doc}


async def subscriptions(request: web.Request) -> web.Response:
    return json_response([_resource_view(r) for r in _nef(request).store.all()])


async def _sessions(request: web.Request) -> list[Resource]:
    """The QoS sessions a body ``{subscriptionId}`` or ``{ueId}`` names (404 when none)."""
    body = await read_body(request)
    nef = _nef(request)
    sub_id, ue_id = body.get("subscriptionId"), body.get("ueId")
    if sub_id is None and ue_id is None:
        raise NefProblem(
            400, "give subscriptionId or ueId", params=[("/subscriptionId", "missing")]
        )
    found = nef.qos.sessions(sub_id=sub_id, ue_id=ue_id)
    if not found:
        raise NefProblem(404, "no AS session with QoS matches")
    return found


async def drop_qos(request: web.Request) -> web.Response:
    changed = await _nef(request).qos.set_qos(await _sessions(request), guaranteed=False)
    return json_response({"subscriptions": changed})


async def restore_qos(request: web.Request) -> web.Response:
    changed = await _nef(request).qos.set_qos(await _sessions(request), guaranteed=True)
    return json_response({"subscriptions": changed})


async def release_qos(request: web.Request) -> web.Response:
    released = await _nef(request).qos.release(await _sessions(request))
    return json_response({"subscriptions": released})


async def notifications(request: web.Request) -> web.Response:
    sub = request.query.get("subscriptionId")
    items = [d.view() for d in _nef(request).notifier.log if sub is None or d.subscription == sub]
    return json_response(items)
