"""MEO persistence: SQLite tables and thin repositories (they never commit; callers own the
transaction). Packages and subscriptions are stored as JSON documents next to indexed columns."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import (
    Column,
    LargeBinary,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from mec_mocks.common.db import documents, id_key, indexed, received_table, received_view
from mec_mocks.common.outbox import outbox_table
from mec_mocks.meo.records import PackageRecord, SubscriptionRecord, now_iso

metadata = MetaData()

packages = documents(
    "packages",
    metadata,
    id_key(),
    Column("dedup_key", String, unique=True, nullable=False),
    *indexed("app_d_id", "job"),
)

contents = Table(
    "package_contents",
    metadata,
    Column("package_id", String, primary_key=True),
    Column("media_type", String, nullable=False),
    Column("data", LargeBinary, nullable=False),
)

subscriptions = documents("subscriptions", metadata, id_key(), *indexed("origin"))
received = received_table("received_notifications", metadata, *indexed("app_pkg_id"))

outbox = outbox_table(metadata)


# packages -------------------------------------------------------------------------------------
async def insert_package(conn: AsyncConnection, rec: PackageRecord) -> None:
    await conn.execute(
        insert(packages).values(
            id=rec.id,
            dedup_key=rec.dedup_key,
            app_d_id=rec.app_d_id,
            job=rec.job,
            doc=rec.model_dump_json(),
            created_at=rec.created_at,
        )
    )


async def save_package(conn: AsyncConnection, rec: PackageRecord) -> None:
    rec.updated_at = now_iso()
    await conn.execute(
        update(packages)
        .where(packages.c.id == rec.id)
        .values(app_d_id=rec.app_d_id, job=rec.job, doc=rec.model_dump_json())
    )


def _pkg(doc: str) -> PackageRecord:
    return PackageRecord.model_validate_json(doc)


async def get_package(conn: AsyncConnection, pkg_id: str) -> PackageRecord | None:
    doc = (await conn.execute(select(packages.c.doc).where(packages.c.id == pkg_id))).scalar()
    return _pkg(doc) if doc is not None else None


async def find_by_dedup(conn: AsyncConnection, key: str) -> PackageRecord | None:
    doc = (await conn.execute(select(packages.c.doc).where(packages.c.dedup_key == key))).scalar()
    return _pkg(doc) if doc is not None else None


async def find_by_appd_id(conn: AsyncConnection, app_d_id: str) -> list[PackageRecord]:
    rows = (
        (await conn.execute(select(packages.c.doc).where(packages.c.app_d_id == app_d_id)))
        .scalars()
        .all()
    )
    return [_pkg(d) for d in rows]


async def list_packages(conn: AsyncConnection) -> list[PackageRecord]:
    rows = (
        (await conn.execute(select(packages.c.doc).order_by(packages.c.created_at))).scalars().all()
    )
    return [_pkg(d) for d in rows]


async def pending_jobs(conn: AsyncConnection) -> list[str]:
    rows = (
        (await conn.execute(select(packages.c.id).where(packages.c.job.is_not(None))))
        .scalars()
        .all()
    )
    return list(rows)


async def delete_package(conn: AsyncConnection, pkg_id: str) -> None:
    await conn.execute(delete(contents).where(contents.c.package_id == pkg_id))
    await conn.execute(delete(packages).where(packages.c.id == pkg_id))


async def put_content(conn: AsyncConnection, pkg_id: str, media_type: str, data: bytes) -> None:
    await conn.execute(delete(contents).where(contents.c.package_id == pkg_id))
    await conn.execute(insert(contents).values(package_id=pkg_id, media_type=media_type, data=data))


async def get_content(conn: AsyncConnection, pkg_id: str) -> tuple[str, bytes] | None:
    row = (
        await conn.execute(
            select(contents.c.media_type, contents.c.data).where(contents.c.package_id == pkg_id)
        )
    ).first()
    return (row[0], bytes(row[1])) if row is not None else None


# subscriptions --------------------------------------------------------------------------------
async def insert_subscription(conn: AsyncConnection, rec: SubscriptionRecord) -> None:
    await conn.execute(
        insert(subscriptions).values(
            id=rec.id, origin=rec.origin, doc=rec.model_dump_json(), created_at=rec.created_at
        )
    )


async def get_subscription(conn: AsyncConnection, sub_id: str) -> SubscriptionRecord | None:
    doc = (
        await conn.execute(select(subscriptions.c.doc).where(subscriptions.c.id == sub_id))
    ).scalar()
    return SubscriptionRecord.model_validate_json(doc) if doc is not None else None


async def list_subscriptions(conn: AsyncConnection) -> list[SubscriptionRecord]:
    rows = (
        (await conn.execute(select(subscriptions.c.doc).order_by(subscriptions.c.created_at)))
        .scalars()
        .all()
    )
    return [SubscriptionRecord.model_validate_json(d) for d in rows]


async def delete_subscription(conn: AsyncConnection, sub_id: str) -> None:
    await conn.execute(delete(subscriptions).where(subscriptions.c.id == sub_id))


# received notifications -----------------------------------------------------------------------
async def record_received(
    conn: AsyncConnection, app_pkg_id: str | None, doc: dict[str, Any]
) -> None:
    await conn.execute(
        insert(received).values(app_pkg_id=app_pkg_id, doc=json.dumps(doc), received_at=now_iso())
    )


async def list_received(conn: AsyncConnection) -> list[dict[str, Any]]:
    rows = (await conn.execute(select(received).order_by(received.c.seq))).mappings().all()
    return [received_view(r) for r in rows]


async def delete_content(conn: AsyncConnection, pkg_id: str) -> None:
    await conn.execute(delete(contents).where(contents.c.package_id == pkg_id))
