"""Redfish HTTP handlers: parse, call the gateway, render. Reads come from the resource
builders through :func:`getter`; the writes Redfish defines here are sessions, subscriptions,
power actions, a test event and the PATCH-able properties of :mod:`writes`."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from mec_mocks.edge_site import keys, paths
from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import (
    BadRequest,
    NotFound,
    UnsupportedMedia,
    bad_type,
    not_writable,
    property_missing,
    property_unknown,
)
from mec_mocks.edge_site.expand import expand, requested
from mec_mocks.edge_site.gateway import Gateway
from mec_mocks.edge_site.model import Occurrence
from mec_mocks.edge_site.render import check_if_match, etag, plain_json, resource_response
from mec_mocks.edge_site.resources.root import metadata_xml, odata
from mec_mocks.edge_site.resources.services import session_body, subscription_body
from mec_mocks.edge_site.subscriptions import parse
from mec_mocks.edge_site.writes import Fields

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
Builder = Callable[[Gateway, Mapping[str, str]], dict[str, Any]]


async def read_body(request: web.Request) -> dict[str, Any]:
    """The JSON object a write carries: 415 for another media type, 400 for bad JSON."""
    ctype = request.headers.get("Content-Type", "application/json").split(";")[0].strip()
    if ctype != "application/json":
        raise UnsupportedMedia(f"Content-Type {ctype} is not supported; use application/json.")
    raw = await request.read()
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(message_id=f"{r.BASE}.MalformedJSON") from None
    if not isinstance(data, dict):
        raise BadRequest(message_id=f"{r.BASE}.MalformedJSON")
    return data


def getter(build: Builder) -> Handler:
    """A read, with ``$expand`` served and other query parameters refused (:mod:`.expand`)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        how = requested(request.query)
        gw = request.app[keys.GATEWAY]
        body = build(gw, request.match_info)
        if how is not None:
            body = expand(body, how, request.app[keys.RESOURCES].resolver(gw))
        return resource_response(request, body)

    return handler


def patcher(build: Builder, fields: Fields) -> Handler:
    """PATCH: If-Match against the current ETag, then the writable properties (200 + resource)."""

    async def handler(request: web.Request) -> web.StreamResponse:
        gw = request.app[keys.GATEWAY]
        current = build(gw, request.match_info)
        check_if_match(request, etag(current))
        body = await read_body(request)
        setters = fields(gw, request.match_info)
        for name in body:
            if name.startswith("@"):
                continue
            if name not in setters:
                raise not_writable(name) if name in current else property_unknown(name)
        for name, value in body.items():
            if name in setters:
                setters[name](value)
        uri = current.get("@odata.id", request.path)
        gw.publish([Occurrence(f"{r.RESOURCE_EVENT}.ResourceChanged", (), uri, "ResourceUpdated")])
        return resource_response(request, build(gw, request.match_info))

    return handler


async def metadata(request: web.Request) -> web.StreamResponse:
    return web.Response(
        text=metadata_xml(), content_type="application/xml", headers={"OData-Version": "4.0"}
    )


async def create_session(request: web.Request) -> web.StreamResponse:
    body = await read_body(request)
    for name in ("UserName", "Password"):
        if name not in body:
            raise property_missing(name)
        if not isinstance(body[name], str):
            raise bad_type(name, body[name])
    session = request.app[keys.GATEWAY].sessions.login(body["UserName"], body["Password"])
    uri = paths.session(session.id)
    headers = {"X-Auth-Token": session.token, "Location": uri}
    return resource_response(request, session_body(session), status=201, headers=headers)


async def delete_session(request: web.Request) -> web.StreamResponse:
    gw = request.app[keys.GATEWAY]
    sid = request.match_info["session"]
    if not gw.sessions.remove(sid):
        raise NotFound(args=(paths.session(sid),))
    return web.Response(status=204, headers={"OData-Version": "4.0"})


async def create_subscription(request: web.Request) -> web.StreamResponse:
    body = await read_body(request)
    events = request.app[keys.GATEWAY].events
    sub = parse(events.next_id(), body)
    events.add(sub)
    headers = {"Location": paths.subscription(sub.id)}
    return resource_response(request, subscription_body(sub), status=201, headers=headers)


async def delete_subscription(request: web.Request) -> web.StreamResponse:
    await request.app[keys.GATEWAY].events.remove(request.match_info["subscription"])
    return web.Response(status=204, headers={"OData-Version": "4.0"})


def _action_body(body: dict[str, Any], allowed: tuple[str, ...], action: str) -> None:
    for name in body:
        if name not in allowed and not name.startswith("@"):
            raise BadRequest(
                message_id=f"{r.BASE}.ActionParameterUnknown",
                args=(action, name),
                related=[f"#/{name}"],
            )


async def reset(request: web.Request) -> web.StreamResponse:
    body = await read_body(request)
    _action_body(body, ("ResetType",), "ComputerSystem.Reset")
    if "ResetType" not in body:
        raise BadRequest(
            message_id=f"{r.BASE}.ActionParameterMissing",
            args=("ComputerSystem.Reset", "ResetType"),
            related=["#/ResetType"],
        )
    if not isinstance(body["ResetType"], str):
        raise bad_type("ResetType", body["ResetType"])
    request.app[keys.GATEWAY].reset(request.match_info["system"], body["ResetType"])
    return web.Response(status=204, headers={"OData-Version": "4.0"})


TEST_EVENT_PARAMS = (
    "EventType",
    "EventId",
    "EventTimestamp",
    "Severity",
    "MessageSeverity",
    "Message",
    "MessageId",
    "MessageArgs",
    "OriginOfCondition",
    "EventGroupId",
)


async def submit_test_event(request: web.Request) -> web.StreamResponse:
    body = await read_body(request)
    _action_body(body, TEST_EVENT_PARAMS, "EventService.SubmitTestEvent")
    message_id = body.get("MessageId", f"{r.RESOURCE_EVENT}.ResourceChanged")
    args = body.get("MessageArgs", [])
    origin = body.get("OriginOfCondition", paths.EVENT_SERVICE)
    if not isinstance(message_id, str):
        raise bad_type("MessageId", message_id)
    if not isinstance(args, list):
        raise bad_type("MessageArgs", args)
    if isinstance(origin, dict):
        origin = origin.get("@odata.id", paths.EVENT_SERVICE)
    if not isinstance(origin, str):
        raise bad_type("OriginOfCondition", origin)
    severity = body.get("MessageSeverity", body.get("Severity"))
    occ = Occurrence(
        message_id,
        tuple(str(a) for a in args),
        origin,
        str(body.get("EventType", "Alert")),
        message=body.get("Message"),
        severity=severity if isinstance(severity, str) else None,
    )
    request.app[keys.GATEWAY].publish([occ])
    return web.Response(status=204, headers={"OData-Version": "4.0"})


async def odata_document(request: web.Request) -> web.StreamResponse:
    return plain_json(odata(request.app[keys.GATEWAY], request.match_info))
