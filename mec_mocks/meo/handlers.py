"""MEO HTTP handlers: parse, call the service, render. No business logic here."""

from __future__ import annotations

import asyncio
import json
import re

from aiohttp import web

from mec_mocks.common.errors import BadRequest, NotAcceptable, RangeNotSatisfiable
from mec_mocks.common.http import (
    json_response,
    parse_model,
    read_json_object,
    read_model,
    require_content_type,
)
from mec_mocks.common.package_format import build_package
from mec_mocks.meo import convert, keys, paths
from mec_mocks.meo.models import (
    AppPkgInfoModifications,
    AppPkgNotification,
    AppPkgSubscription,
    CreateAppPkg,
    RemoteOnboardingReport,
)
from perimeter import spool_body

CONTENT_TYPES = (
    "application/zip",
    "application/octet-stream",
    "application/x-tar",
    "application/gzip",
    "application/x-gzip",
)
TRACE_HEADERS = ("traceparent", "tracestate")
PATCH_TYPES = ("application/json", "application/merge-patch+json")
NETWORK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


def _true(value: str | None) -> bool:
    return value is not None and value.lower() not in ("false", "0", "no")


async def _create(request: web.Request, target: str | None, app_type: str | None) -> web.Response:
    raw = await read_json_object(request)
    body = parse_model(CreateAppPkg, raw)
    service = request.app[keys.SERVICE]
    rec, created = await service.create(
        body,
        raw,
        target=target,
        application_type=app_type,
        correlator=request.headers.get("x-correlator"),
        trace_headers={h: request.headers[h] for h in TRACE_HEADERS if h in request.headers},
    )
    location = paths.package_url(service.config.base_url, rec.id)
    return json_response(
        service.info(rec), status=201 if created else 200, headers={"Location": location}
    )


async def create_package(request: web.Request) -> web.Response:
    return await _create(request, None, None)


async def create_package_variant(request: web.Request) -> web.Response:
    target = request.match_info["targetNetworkId"]
    app_type = request.match_info["applicationType"]
    if app_type not in paths.APP_TYPES:
        raise BadRequest(
            f"unknown applicationType {app_type!r}; use " + " or ".join(paths.APP_TYPES),
            slug="invalid-application-type",
        )
    if not NETWORK_ID.match(target):
        raise BadRequest(f"invalid targetNetworkId {target!r}", slug="invalid-network-id")
    return await _create(request, target, app_type)


async def list_packages(request: web.Request) -> web.Response:
    q = request.query
    items = await request.app[keys.SERVICE].list(
        filter_expr=q.get("filter"),
        exclude_fields=q.get("exclude_fields"),
        exclude_default="exclude_default" in q and not _true(q.get("all_fields")),
        fields=q.get("fields"),
    )
    return json_response(items)


async def _pkg_id(request: web.Request, *, onboarded: bool = True) -> str:
    """The package a request names: by ``appPkgId``, or by ``appDId`` on the
    ``/onboarded_app_packages/{appDId}`` paths (the newest ONBOARDED package with that AppD)."""
    if "appPkgId" in request.match_info:
        return request.match_info["appPkgId"]
    service = request.app[keys.SERVICE]
    return await service.by_appd_id(request.match_info["appDId"], onboarded=onboarded)


async def get_package(request: web.Request) -> web.Response:
    service = request.app[keys.SERVICE]
    return json_response(service.info(await service.get(await _pkg_id(request))))


async def patch_package(request: web.Request) -> web.Response:
    mods = await read_model(request, AppPkgInfoModifications, PATCH_TYPES)
    await request.app[keys.SERVICE].set_operational_state(
        request.match_info["appPkgId"], mods.operationState
    )
    return json_response({"operationState": mods.operationState.value})


async def delete_package(request: web.Request) -> web.Response:
    await request.app[keys.SERVICE].delete(request.match_info["appPkgId"])
    return web.Response(status=204)


def _pick(request: web.Request, offered: tuple[str, ...]) -> str:
    accept = request.headers.get("Accept", "*/*")
    wanted = [a.split(";")[0].strip().lower() for a in accept.split(",")]
    for media in offered:
        major = media.split("/")[0]
        if media in wanted or "*/*" in wanted or f"{major}/*" in wanted:
            return media
    raise NotAcceptable(f"cannot produce {accept}; available: {', '.join(offered)}")


async def get_appd(request: web.Request) -> web.Response:
    media = _pick(request, ("application/json", "text/plain", "application/zip"))
    appd = await request.app[keys.SERVICE].appd(await _pkg_id(request))
    text = json.dumps(appd, indent=2)
    if media == "application/zip":
        return web.Response(body=build_package(appd), content_type=media)
    return web.Response(text=text, content_type=media)


def _range(header: str, size: int) -> tuple[int, int]:
    m = re.fullmatch(r"bytes=(\d*)-(\d*)", header.strip())
    if not m or (m.group(1) == "" and m.group(2) == ""):
        raise RangeNotSatisfiable(f"unsupported Range {header!r}")
    if m.group(1) == "":
        start, end = max(0, size - int(m.group(2))), size - 1
    else:
        start = int(m.group(1))
        end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
    if start >= size or start > end:
        raise RangeNotSatisfiable(f"Range {header!r} is outside the {size} byte package")
    return start, end


async def get_content(request: web.Request) -> web.Response:
    media, data = await request.app[keys.SERVICE].content(await _pkg_id(request))
    rng = request.headers.get("Range")
    if rng:
        start, end = _range(rng, len(data))
        return web.Response(
            status=206,
            body=data[start : end + 1],
            content_type=media,
            headers={"Content-Range": f"bytes {start}-{end}/{len(data)}", "Accept-Ranges": "bytes"},
        )
    return web.Response(body=data, content_type=media, headers={"Accept-Ranges": "bytes"})


async def put_content(request: web.Request) -> web.Response:
    """The package is checked first (404, 409 before a byte is read), then the body is spooled
    to disk with the package size limit (413 beyond it) and stored."""
    media = require_content_type(request, CONTENT_TYPES)
    pkg_id = await _pkg_id(request, onboarded=False)
    service = request.app[keys.SERVICE]
    await service.check_uploadable(pkg_id)
    config = service.config
    async with spool_body(request, config.max_package_bytes, config.upload_dir) as body:
        data = await asyncio.to_thread(body.read)
    await service.upload(pkg_id, media, data)
    return web.Response(status=202)


async def create_subscription(request: web.Request) -> web.Response:
    req = await read_model(request, AppPkgSubscription)
    rec = await request.app[keys.NOTIFIER].subscribe(req)
    base = request.app[keys.CONFIG].base_url
    info = convert.subscription_info(rec, base)
    return json_response(
        info, status=201, headers={"Location": paths.subscription_url(base, rec.id)}
    )


async def list_subscriptions(request: web.Request) -> web.Response:
    base = request.app[keys.CONFIG].base_url
    subs = await request.app[keys.NOTIFIER].list()
    return json_response(
        {
            "_links": {
                "self": {"href": base + paths.SUBSCRIPTIONS},
                "subscriptions": [
                    {
                        "href": paths.subscription_url(base, s.id),
                        "subsctiptionType": s.subscription_type,
                        "subscriptionType": s.subscription_type,
                    }
                    for s in subs
                ],
            }
        }
    )


async def get_subscription(request: web.Request) -> web.Response:
    rec = await request.app[keys.NOTIFIER].get(request.match_info["subscriptionId"])
    return json_response(convert.subscription_info(rec, request.app[keys.CONFIG].base_url))


async def delete_subscription(request: web.Request) -> web.Response:
    await request.app[keys.NOTIFIER].unsubscribe(request.match_info["subscriptionId"])
    return web.Response(status=204)


async def user_defined_notification(request: web.Request) -> web.Response:
    raw = await read_json_object(request)
    forwarder = request.app[keys.FORWARDER]
    if "remoteState" in raw and "notificationType" not in raw:
        await forwarder.report(parse_model(RemoteOnboardingReport, raw))
    else:
        await forwarder.notification(parse_model(AppPkgNotification, raw), raw)
    return web.Response(status=204)


async def health(request: web.Request) -> web.Response:
    return json_response({"status": "ok", "networkId": request.app[keys.CONFIG].network_id})
