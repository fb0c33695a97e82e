"""MEPM app: ``POST /notifications`` validates an AppPkgNotification (400 otherwise) and
records it (204); ``GET /notifications[?notificationType=&appPkgId=]`` lists what was received.
A redelivered notification (same ``id``) is acknowledged and recorded once."""

from __future__ import annotations

from collections.abc import AsyncIterator

from aiohttp import web
from pydantic import BaseModel
from sqlalchemy import select

from mec_mocks.common.db import Database, open_database
from mec_mocks.common.http import json_response, problem_middleware, read_model
from mec_mocks.meo.models import AppPkgNotification
from mec_mocks.meo.records import now_iso
from mec_mocks.mepm import store


class MepmConfig(BaseModel):
    database: str = "mepm.db"
    host: str = "127.0.0.1"
    port: int = 9002


CONFIG = web.AppKey("mepm_config", MepmConfig)
DB = web.AppKey("mepm_db", Database)


async def receive(request: web.Request) -> web.Response:
    note = await read_model(request, AppPkgNotification)
    doc = note.model_dump(by_alias=True, mode="json")
    async with request.app[DB].transaction() as conn:
        seen = (
            await conn.execute(
                select(store.notifications.c.seq).where(
                    store.notifications.c.notification_id == note.id
                )
            )
        ).first()
        if seen is None:
            await store.add(conn, doc, now_iso())
    return web.Response(status=204)


async def list_notifications(request: web.Request) -> web.Response:
    async with request.app[DB].read() as conn:
        items = await store.list_all(
            conn,
            notification_type=request.query.get("notificationType"),
            app_pkg_id=request.query.get("appPkgId"),
        )
    return json_response({"notifications": items})


async def health(_request: web.Request) -> web.Response:
    return json_response({"status": "ok"})


async def _db(app: web.Application) -> AsyncIterator[None]:
    app[DB] = await open_database(app[CONFIG].database, store.metadata)
    try:
        yield
    finally:
        await app[DB].close()


def create_app(config: MepmConfig) -> web.Application:
    app = web.Application(middlewares=[problem_middleware])
    app[CONFIG] = config
    app.cleanup_ctx.append(_db)
    app.router.add_post("/notifications", receive)
    app.router.add_get("/notifications", list_notifications)
    app.router.add_get("/healthz", health)
    return app
