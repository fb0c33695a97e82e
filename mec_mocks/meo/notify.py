"""Subscriptions and notification fan-out through the durable outbox."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import Database
from mec_mocks.common.errors import BadRequest, NotFound
from mec_mocks.common.outbox import Outbox
from mec_mocks.meo import convert, store
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.destinations import check_callback
from mec_mocks.meo.filters import parse_filter, subscription_matches
from mec_mocks.meo.models import CATEGORY_OF_NOTIFICATION, SUBSCRIPTION_TYPES, AppPkgSubscription
from mec_mocks.meo.records import PackageRecord, SubscriptionRecord

NOTIFICATION = "notification"
# Subscriptions the MEO makes itself at start-up, one per category.
CONFIG_TYPES = ("AppPackageOnBoarding", "AppPackageOperationChange", "AppPackageDeletion")


class Notifier:
    def __init__(self, db: Database, outbox: Outbox, config: MeoConfig) -> None:
        self.db = db
        self.outbox = outbox
        self.config = config

    async def subscribe(
        self, req: AppPkgSubscription, *, origin: str | None = None
    ) -> SubscriptionRecord:
        check_callback(req.callbackUri, self.config.url_policy)
        for f in req.appPkgFilter or []:
            if isinstance(f, str):
                try:
                    parse_filter(f)
                except ValueError as exc:
                    raise BadRequest(f"invalid body: appPkgFilter: {exc}") from None
        rec = SubscriptionRecord(
            id=str(uuid.uuid4()),
            subscription_type=req.subscriptionType,
            category=SUBSCRIPTION_TYPES[req.subscriptionType],
            callback_uri=req.callbackUri,
            app_pkg_filter=req.appPkgFilter,
            origin=origin,
        )
        async with self.db.transaction() as conn:
            await store.insert_subscription(conn, rec)
        return rec

    async def list(self) -> list[SubscriptionRecord]:
        async with self.db.read() as conn:
            return await store.list_subscriptions(conn)

    async def get(self, sub_id: str) -> SubscriptionRecord:
        async with self.db.read() as conn:
            rec = await store.get_subscription(conn, sub_id)
        if rec is None:
            raise NotFound(f"subscription {sub_id} does not exist")
        return rec

    async def unsubscribe(self, sub_id: str) -> None:
        async with self.db.transaction() as conn:
            if await store.get_subscription(conn, sub_id) is None:
                raise NotFound(f"subscription {sub_id} does not exist")
            await store.delete_subscription(conn, sub_id)
            await self.outbox.cancel(conn, ref=f"sub:{sub_id}")

    async def ensure_configured(self) -> None:
        """Subscribe the MEPM and the optional OP sink to every category (idempotent)."""
        wanted: dict[str, str] = {}
        if self.config.mepm_url:
            wanted["config:mepm"] = self.config.mepm_url.rstrip("/") + "/notifications"
        if self.config.op_notify_url:
            wanted["config:op"] = self.config.op_notify_url
        existing = await self.list()
        for sub in existing:
            if (
                sub.origin
                and sub.origin.startswith("config:")
                and wanted.get(sub.origin) != sub.callback_uri
            ):
                await self.unsubscribe(sub.id)
        have = {
            (s.origin, s.subscription_type)
            for s in existing
            if s.origin and wanted.get(s.origin) == s.callback_uri
        }
        for origin, url in wanted.items():
            for stype in CONFIG_TYPES:
                if (origin, stype) not in have:
                    await self.subscribe(
                        AppPkgSubscription.model_validate(
                            {"callbackUri": url, "subscriptionType": stype}
                        ),
                        origin=origin,
                    )

    async def enqueue(
        self,
        conn: AsyncConnection,
        rec: PackageRecord,
        notification_type: str,
        extra: dict[str, Any] | None = None,
    ) -> int:
        """Queue one notification per matching subscription, in the caller's transaction."""
        category = CATEGORY_OF_NOTIFICATION[notification_type]
        doc = convert.info_dict(rec, self.config.base_url, self.config.network_id)
        count = 0
        for sub in await store.list_subscriptions(conn):
            if sub.category != category or not subscription_matches(doc, sub.app_pkg_filter):
                continue
            body = convert.notification(
                rec,
                sub,
                notification_type,
                base_url=self.config.base_url,
                network_id=self.config.network_id,
                extra=extra,
            )
            await self.outbox.enqueue(
                conn,
                kind=NOTIFICATION,
                url=sub.callback_uri,
                body=body,
                headers={"Content-Type": "application/json"},
                ref=f"sub:{sub.id}",
            )
            count += 1
        return count
