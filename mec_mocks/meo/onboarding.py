"""Background onboarding: fetch, verify the checksum, open the package, publish the result.

Jobs are persisted on the package row (``job`` = ``fetch`` or ``process``), so a restarted MEO
resumes them. States: CREATED -> UPLOADING (fetching or receiving content) -> PROCESSING
(checksum, archive, AppD) -> ONBOARDED with ENABLED / NOT_IN_USE. On failure the package returns to
CREATED with ``onboardingFailureDetails`` (as in ETSI NFV-SOL 005) and is never ONBOARDED.

A fetched package is checked as soon as it is read, before anything is written: its content and
the outcome are stored in one transaction, so it goes from UPLOADING to ONBOARDED (or back to
CREATED) directly; a restart in between fetches it again, as a restart during the fetch does.
Uploaded content is PROCESSING while it is checked.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

import httpx

from mec_mocks.common.db import Database
from mec_mocks.common.errors import PROBLEM_BASE
from mec_mocks.common.outbox import Outbox
from mec_mocks.common.package_format import PackageError, digest, open_package
from mec_mocks.common.tasks import Worker, finish
from mec_mocks.meo import paths, store
from mec_mocks.meo.config import MeoConfig
from mec_mocks.meo.fetch import FetchError, fetch_package
from mec_mocks.meo.forwarding import Forwarder
from mec_mocks.meo.models import (
    ONBOARDED,
    ONBOARDING_FAILED,
    OnboardingState,
    OperationalState,
    UsageState,
)
from mec_mocks.meo.notify import Notifier

log = logging.getLogger(__name__)


class OnboardingFailed(Exception):
    def __init__(self, slug: str, title: str, detail: str) -> None:
        super().__init__(detail)
        self.slug, self.title, self.detail = slug, title, detail


@dataclass(eq=False)
class Onboarder(Worker):
    task_name = "meo-onboarding"

    db: Database
    http: httpx.AsyncClient
    config: MeoConfig
    outbox: Outbox
    notifier: Notifier
    forwarder: Forwarder
    _running: dict[str, asyncio.Task[None]] = field(default_factory=dict, init=False)

    def wake(self, pkg_id: str | None = None) -> None:
        """Look for due jobs now. ``pkg_id``: the package whose job was just committed, started
        at once rather than found by the loop's next read."""
        if pkg_id is None or self._task is None or not self._start(pkg_id):
            self._wake.set()  # (a job still running for the package: the loop looks again)

    def _start(self, pkg_id: str) -> bool:
        """Run the package's job unless it runs already (or the onboarder is stopping);
        whether it was started."""
        if pkg_id in self._running or self._stopping:
            return False
        self._running[pkg_id] = asyncio.create_task(self._guarded(pkg_id))
        return True

    async def stop(self) -> None:
        """Stop the loop, then the jobs: each may finish within the grace, as a pass may,
        rather than be cancelled in the middle of a statement (a job cancelled later is
        resumed by the next start, from the state its package row holds)."""
        await super().stop()
        await finish(*self._running.values())
        self._running.clear()

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                async with self.db.read() as conn:
                    ids = await store.pending_jobs(conn)
                for pkg_id in ids:
                    self._start(pkg_id)
            except Exception:
                log.exception("onboarding loop iteration failed")
            await self._idle(self.config.job_retry_delay)

    async def _guarded(self, pkg_id: str) -> None:
        try:
            await self.process(pkg_id)
        except OnboardingFailed as exc:
            log.info("onboarding of %s failed: %s", pkg_id, exc.slug)
            await self._fail(pkg_id, exc)
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("onboarding of %s crashed", pkg_id)
            await self._fail(
                pkg_id,
                OnboardingFailed(
                    "onboarding-error", "Onboarding error", "internal error while onboarding"
                ),
            )
        finally:
            self._running.pop(pkg_id, None)

    async def process(self, pkg_id: str) -> None:
        async with self.db.transaction() as conn:
            rec = await store.get_package(conn, pkg_id)
            if rec is None or rec.job is None:
                return
            job = rec.job
            state = OnboardingState.UPLOADING if job == "fetch" else OnboardingState.PROCESSING
            if rec.onboarding_state != state:
                rec.onboarding_state = state
                await store.save_package(conn, rec)
            path = rec.app_pkg_path
            checksum = rec.checksum
            provider = rec.app_provider
        if job == "fetch":
            try:
                data = await fetch_package(
                    path,
                    self.http,
                    timeout_s=self.config.fetch_timeout,
                    limit=self.config.max_package_bytes,
                    allow_file=self.config.allow_file_urls,
                )
            except FetchError as exc:
                raise OnboardingFailed(
                    "package-not-retrievable", "Application package not retrievable", str(exc)
                ) from None
        else:
            async with self.db.read() as conn:
                content = await store.get_content(conn, pkg_id)
            if content is None:
                raise OnboardingFailed(
                    "package-content-missing",
                    "Package content missing",
                    "no uploaded content for this package",
                )
            data = content[1]
        if digest(data, checksum.algorithm) != checksum.hash:
            # never the computed hash: it would tell the caller the digest of whatever was read
            raise OnboardingFailed(
                "checksum-mismatch",
                "Checksum mismatch",
                f"checksum mismatch: the {checksum.algorithm} of the package is not the "
                "one in the request",
            )
        try:
            opened = await asyncio.to_thread(open_package, data)
        except PackageError as exc:
            raise OnboardingFailed(
                "invalid-package", "Invalid application package", str(exc)
            ) from None
        if provider and opened.appd["appProvider"] != provider:
            raise OnboardingFailed(
                "invalid-package",
                "Invalid application package",
                f"appProvider {provider!r} in the request differs from "
                f"{opened.appd['appProvider']!r} in the AppD",
            )
        await self._succeed(pkg_id, opened.appd, opened.media_type, opened.artifacts, data)

    async def _succeed(
        self,
        pkg_id: str,
        appd: dict[str, object],
        media: str,
        artifacts: list[dict[str, object]],
        data: bytes,
    ) -> None:
        async with self.db.transaction() as conn:
            rec = await store.get_package(conn, pkg_id)
            if rec is None:
                return
            await store.put_content(conn, pkg_id, media, data)
            rec.appd = dict(appd)
            rec.content_media_type = media
            image = appd.get("swImageDescriptor")
            rec.software_images = [image] if isinstance(image, dict) else []
            rec.additional_artifacts = [dict(a) for a in artifacts]
            rec.onboarding_state = OnboardingState.ONBOARDED
            rec.operational_state = OperationalState.ENABLED
            rec.usage_state = UsageState.NOT_IN_USE
            rec.failure = None
            rec.job = None
            await self.forwarder.enqueue_ready(conn, rec)
            await store.save_package(conn, rec)
            await self.notifier.enqueue(conn, rec, ONBOARDED)
        log.info("package %s onboarded (appDId %s)", pkg_id, appd.get("appDId"))
        self.outbox.wake()

    async def _fail(self, pkg_id: str, exc: OnboardingFailed) -> None:
        async with self.db.transaction() as conn:
            rec = await store.get_package(conn, pkg_id)
            if rec is None:
                return
            rec.onboarding_state = OnboardingState.CREATED
            rec.operational_state = OperationalState.DISABLED
            rec.failure = {
                "type": PROBLEM_BASE + exc.slug,
                "title": exc.title,
                "status": 422,
                "detail": exc.detail,
                "instance": paths.package_url(self.config.base_url, pkg_id),
            }
            rec.job = None
            self.forwarder.cancel_waiting(rec, "local onboarding failed")
            await store.delete_content(conn, pkg_id)
            await store.save_package(conn, rec)
            await self.notifier.enqueue(
                conn, rec, ONBOARDING_FAILED, {"x-onboardingFailureDetails": rec.failure}
            )
        self.outbox.wake()
