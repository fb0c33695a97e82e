"""How a resource goes on the wire: JSON with ``@odata.etag`` and the ``ETag``, ``OData-Version``,
``Allow`` and ``Link`` headers; ``If-None-Match`` (304) and ``If-Match`` (412) checks."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from aiohttp import web

from mec_mocks.edge_site.errors import PreconditionFailed

SCHEMAS = "http://redfish.dmtf.org/schemas/v1"


def etag(body: dict[str, Any]) -> str:
    data = {k: v for k, v in body.items() if k != "@odata.etag"}
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return f'W/"{digest}"'


def _allowed(request: web.Request) -> str:
    resource = request.match_info.route.resource
    methods = {route.method for route in resource} if resource is not None else {"GET"}
    return ", ".join(sorted(methods))


def check_if_match(request: web.Request, current: str) -> None:
    """412 when ``If-Match`` names none of the resource's current ETag (``*`` matches any)."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        return
    tags = [t.strip() for t in wanted.split(",")]
    if "*" in tags or current in tags or current.removeprefix("W/") in tags:
        return
    raise PreconditionFailed(headers={"ETag": current})


def resource_response(
    request: web.Request,
    body: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> web.Response:
    """A Redfish resource answer; 304 when ``If-None-Match`` already names its ETag."""
    tag = etag(body)
    out = {**body, "@odata.etag": tag} if "@odata.id" in body and "Members" not in body else body
    extra = {"ETag": tag, "OData-Version": "4.0", "Allow": _allowed(request), **(headers or {})}
    odata_type = body.get("@odata.type", "")
    if odata_type.count(".") == 2:
        schema = odata_type.lstrip("#").rsplit(".", 1)[0]
        extra["Link"] = f"<{SCHEMAS}/{schema}.json>; rel=describedby"
    if request.method in ("GET", "HEAD") and tag in request.headers.get("If-None-Match", ""):
        return web.Response(status=304, headers=extra)
    return web.Response(
        status=status, text=json.dumps(out), content_type="application/json", headers=extra
    )


def plain_json(data: dict[str, Any], *, status: int = 200) -> web.Response:
    return web.Response(
        status=status,
        text=json.dumps(data),
        content_type="application/json",
        headers={"OData-Version": "4.0"},
    )
