"""The lab's admin API, beside (not under) ``/redfish``: fault injection and simulated time.
Same Basic credentials as Redfish; errors in the Redfish error format. Every call answers the
site's state after it, so a script can read what its fault did.

    GET  /admin/state                                   the whole site
    GET  /admin/events                                  the last events raised
    POST /admin/ambient            {"celsius": 58}
    POST /admin/advance            {"seconds": 600}     move simulated time, deterministically
    POST /admin/link               {"downSeconds": 30}  Redfish unreachable (0 restores)
    POST /admin/nodes/{node}/load  {"load": 0.9}
    POST /admin/nodes/{node}/power {"state": "on" | "off"}
    POST /admin/nodes/{node}/fans/{fan}/{fail|restore}          fan "all" for every fan
    POST /admin/nodes/{node}/power-supplies/{psu}/{fail|restore}  psu "all" likewise
    POST /admin/nodes/{node}/leak  {"leaking": true | false}     immersion only
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Literal, TypeVar

from aiohttp import web
from pydantic import BaseModel, Field, ValidationError

from mec_mocks.edge_site import faults, keys
from mec_mocks.edge_site.errors import BadRequest
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.handlers import read_body
from mec_mocks.edge_site.render import plain_json

PREFIX = "/admin"
M = TypeVar("M", bound=BaseModel)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Ambient(BaseModel):
    celsius: float = Field(ge=-60, le=90)


class Advance(BaseModel):
    seconds: float = Field(gt=0, le=7 * 86400)


class Link(BaseModel):
    downSeconds: float = Field(ge=0, le=86400)


class Load(BaseModel):
    load: float = Field(ge=0, le=1)


class Power(BaseModel):
    state: Literal["on", "off"]


class Leak(BaseModel):
    leaking: bool


async def _parse(request: web.Request, model: type[M]) -> M:
    raw = await read_body(request)
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"]) or "(body)"
        raise BadRequest(f"{where}: {err['msg']}", related=[f"#/{where}"]) from None


def _answer(gw: Gateway, raised: int = 0) -> web.Response:
    return plain_json({"eventsRaised": raised, **gw.state()})


async def state(request: web.Request) -> web.Response:
    return _answer(request.app[keys.GATEWAY])


async def events(request: web.Request) -> web.Response:
    return plain_json({"events": list(request.app[keys.GATEWAY].events.recent)})


async def ambient(request: web.Request) -> web.Response:
    body = await _parse(request, Ambient)
    gw = request.app[keys.GATEWAY]
    gw.site.ambient_c = body.celsius
    return _answer(gw)


async def advance(request: web.Request) -> web.Response:
    body = await _parse(request, Advance)
    gw = request.app[keys.GATEWAY]
    before = len(gw.events.recent)
    gw.advance(body.seconds)
    return _answer(gw, max(0, len(gw.events.recent) - before))


async def link(request: web.Request) -> web.Response:
    body = await _parse(request, Link)
    gw = request.app[keys.GATEWAY]
    gw.cut_link(body.downSeconds)
    return _answer(gw)


def _node_fault(model: type[M], apply: Callable[[Gateway, web.Request, M], list[Any]]) -> Handler:
    async def handler(request: web.Request) -> web.StreamResponse:
        body = await _parse(request, model) if model is not _NoBody else model()
        gw = request.app[keys.GATEWAY]
        raised = gw.publish(apply(gw, request, body))
        return _answer(gw, len(raised))

    return handler


class _NoBody(BaseModel):
    pass


def _node(gw: Gateway, request: web.Request) -> Any:
    return gw.node(request.match_info["node"])


def _fan(failed: bool) -> Handler:
    return _node_fault(
        _NoBody,
        lambda gw, rq, _: faults.set_fans(_node(gw, rq), rq.match_info["fan"], failed=failed),
    )


def _psu(failed: bool) -> Handler:
    return _node_fault(
        _NoBody,
        lambda gw, rq, _: faults.set_power_supplies(
            _node(gw, rq), rq.match_info["psu"], failed=failed
        ),
    )


ROUTES: list[tuple[str, str, Handler]] = [
    ("GET", "/state", state),
    ("GET", "/events", events),
    ("POST", "/ambient", ambient),
    ("POST", "/advance", advance),
    ("POST", "/link", link),
    (
        "POST",
        "/nodes/{node}/load",
        _node_fault(Load, lambda gw, rq, b: faults.set_load(_node(gw, rq), b.load)),
    ),
    (
        "POST",
        "/nodes/{node}/power",
        _node_fault(
            Power,
            lambda gw, rq, b: faults.reset(_node(gw, rq), "On" if b.state == "on" else "ForceOff"),
        ),
    ),
    ("POST", "/nodes/{node}/fans/{fan}/fail", _fan(True)),
    ("POST", "/nodes/{node}/fans/{fan}/restore", _fan(False)),
    ("POST", "/nodes/{node}/power-supplies/{psu}/fail", _psu(True)),
    ("POST", "/nodes/{node}/power-supplies/{psu}/restore", _psu(False)),
    (
        "POST",
        "/nodes/{node}/leak",
        _node_fault(
            Leak, lambda gw, rq, b: faults.set_leak(gw.site, _node(gw, rq), leaking=b.leaking)
        ),
    ),
]


def add_admin_routes(app: web.Application) -> None:
    for method, path, handler in ROUTES:
        app.router.add_route(method, PREFIX + path, handler)
