"""Clean-up steps: everything the run created is removed, in reverse dependency order, even when
earlier steps failed. Each is also the check of its operation (RemoveApp, RemoveISVResPool,
DeboardApplication, DeleteApp, RemoveArtefact, RemoveFile, ZoneUnsubscribe,
DeleteFederationDetails). Between steps the kit waits (reads, not recorded) until what it
removed is gone, so the next removal does not meet a 409 for something still in use.
"""

from __future__ import annotations

import asyncio

from op_platform.conformance.bodies import PROVIDER
from op_platform.conformance.session import Session, Skip
from op_platform.models.ewbi import paths

POLL = 0.2


async def _gone(s: Session, relative: str) -> bool:
    """Poll ``relative`` until it answers 404 (True) or the callback timeout passes (False)."""
    deadline = s.clock() + s.options.callback_timeout
    while s.clock() < deadline:
        headers = {"Authorization": f"Bearer {await s.tokens.token()}"}
        try:
            response = await s.http.get(s.url(relative), headers=headers)
        except Exception:  # a transport error is not "gone": keep polling until the deadline
            response = None
        if response is not None and response.status_code == 404:
            return True
        await asyncio.sleep(POLL)
    return False


async def remove_instance(s: Session) -> None:
    ctx, app_id, (instance, zone) = s.need("ctx", "app_id", "instance")
    path = paths.app_instance(ctx, app_id, instance, zone)
    call = await s.call("RemoveApp", path, expect=(200,))
    if call.status == 200 and not await _gone(s, path):
        s.note("the instance was still readable when the callback timeout passed")
    s.state["instance"] = None


async def remove_pool(s: Session) -> None:
    ctx, (pool, zone, _flavour) = s.need("ctx", "pool")
    await s.call("RemoveISVResPool", paths.resource_pool(ctx, zone, PROVIDER, pool), expect=(200,))
    s.state["pool"] = None


async def deboard(s: Session) -> None:
    ctx, app_id, zones = s.need("ctx", "app_id", "onboarded_zones")
    await s.call(
        "DeboardApplication", paths.onboarded_app_zone(ctx, app_id, zones[-1]), expect=(202,)
    )
    s.state["deboarded_all"] = len(zones) == 1


async def delete_app(s: Session) -> None:
    ctx, app_id = s.need("ctx", "app_id")
    path = paths.onboarded_app(ctx, app_id)
    allowed = (202, 404, 501) if s.state.get("deboarded_all") else (202, 501)
    call = await s.call("DeleteApp", path, expect=allowed)
    if call.status == 501:
        s.note("the partner does not offer DeleteApp (an extension)")
    if not await _gone(s, path):
        s.note("the application was still readable when the callback timeout passed")
    s.state["app_id"] = None
    if call.status == 501:
        raise Skip("the partner does not offer this extension (501)")


async def remove_artefact(s: Session) -> None:
    ctx, artefact_id = s.need("ctx", "artefact_id")
    await s.call("RemoveArtefact", paths.artefact(ctx, artefact_id), expect=(200,))
    s.state["artefact_id"] = None


async def remove_file(s: Session) -> None:
    ctx, file_id = s.need("ctx", "file_id")
    await s.call("RemoveFile", paths.file(ctx, file_id), expect=(200,))
    s.state["file_id"] = None


async def unsubscribe(s: Session) -> None:
    ctx, zones = s.need("ctx", "subscribed")
    for zone in zones:
        await s.call("ZoneUnsubscribe", paths.zone(ctx, zone), expect=(200,))
    s.state["subscribed"] = None


async def delete_federation(s: Session) -> None:
    ctx = s.need("ctx")
    for extra in s.state.get("extra_contexts", []):
        await s.call("DeleteFederationDetails", paths.federation(extra), expect=(200,))
    await s.call("DeleteFederationDetails", paths.federation(ctx), expect=(200,))
    s.state["ctx"] = None
