"""``mec-mocks oss onboard``: onboard a package at a MEO through the variant URI and follow it.

The OSS reads the package (local file, file:// or http(s) URL), computes its checksum, reads the
AppD for the default name/version/provider, makes it reachable for the MEO (a loopback HTTP server
for local files by default, or a file:// URL), POSTs a CreateAppPkg to
``{meo}/app_pkgm/v1/op_target_systems/{target}/apptype/{type}/app_packages`` and, with ``wait``,
polls the package until it is ONBOARDED or failed (with ``wait_remote``, until every remote
network reported ONBOARDED too), reporting each state change as an :class:`OnboardEvent`.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import httpx

from mec_mocks.common.package_format import PackageError, digest, normalize_algorithm, open_package
from mec_mocks.meo import paths
from mec_mocks.meo.records import now_iso
from mec_mocks.oss.fileserver import PackageFileServer

EXIT_OK, EXIT_FAILED, EXIT_TIMEOUT = 0, 1, 2


class OssError(Exception):
    """The onboarding could not be attempted (bad input, MEO unreachable)."""


@dataclass(frozen=True)
class OnboardEvent:
    at: str
    subject: str  # "request", "onboardingState", "forwarding[46002]", "remoteState[46002]"
    value: str
    detail: str | None = None

    def line(self) -> str:
        return f"{self.at}  {self.subject:<24} {self.value}" + (
            f"  ({self.detail})" if self.detail else ""
        )


@dataclass
class OnboardResult:
    ok: bool
    exit_code: int
    app_pkg_id: str | None = None
    location: str | None = None
    status_code: int | None = None
    onboarding_state: str | None = None
    failure: dict[str, Any] | None = None
    remote: list[dict[str, Any]] = field(default_factory=list)
    app_pkg_path: str | None = None
    checksum: dict[str, str] | None = None
    events: list[OnboardEvent] = field(default_factory=list)
    info: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["events"] = [asdict(e) for e in self.events]
        return out


async def _load(package: str | Path, http: httpx.AsyncClient) -> tuple[bytes, Path | None, str]:
    text = str(package)
    parts = urlsplit(text)
    if parts.scheme in ("http", "https"):
        try:
            resp = await http.get(text, follow_redirects=True)
        except httpx.HTTPError as exc:
            raise OssError(f"cannot download {text}: {exc}") from None
        if resp.status_code != 200:
            raise OssError(f"cannot download {text}: HTTP {resp.status_code}")
        return resp.content, None, text
    path = Path(url2pathname(parts.path)) if parts.scheme == "file" else Path(text)
    try:
        data = await asyncio.to_thread(path.read_bytes)
    except OSError as exc:
        raise OssError(f"cannot read {path}: {exc.strerror or exc}") from None
    return data, path.resolve(), path.resolve().as_uri()


def _changes(info: dict[str, Any], seen: dict[str, str]) -> list[OnboardEvent]:
    now = now_iso()
    found: list[tuple[str, str, str | None]] = [("onboardingState", info["onboardingState"], None)]
    failure = info.get("onboardingFailureDetails")
    if failure:
        found.append(("onboardingFailure", failure.get("title", "failed"), failure.get("detail")))
    for entry in info.get("x-remoteOnboarding") or []:
        net = entry["targetNetworkId"]
        fwd = entry.get("forwarding", {})
        found.append(
            (
                f"forwarding[{net}]",
                fwd.get("status", "?"),
                fwd.get("lastError") if fwd.get("status") != "DELIVERED" else None,
            )
        )
        found.append((f"remoteState[{net}]", entry.get("remoteState", "?"), entry.get("detail")))
    events = []
    for subject, value, detail in found:
        if seen.get(subject) != value:
            seen[subject] = value
            events.append(OnboardEvent(now, subject, value, detail))
    return events


async def onboard(
    *,
    meo_url: str,
    target_network: str,
    app_type: str,
    package: str | Path,
    wait: bool = False,
    wait_remote: bool = False,
    wait_timeout: float = 120.0,
    serve: str = "http",
    serve_host: str = "127.0.0.1",
    advertise_host: str | None = None,
    name: str | None = None,
    version: str | None = None,
    provider: str | None = None,
    algorithm: str = "SHA-256",
    user_defined_data: dict[str, Any] | None = None,
    poll_interval: float = 0.5,
    http: httpx.AsyncClient | None = None,
    on_event: Callable[[OnboardEvent], None] | None = None,
) -> OnboardResult:
    """Onboard ``package`` at the MEO and (with ``wait``) follow it to its final state.

    ``serve``: ``http`` (default; a loopback server on ``serve_host`` advertised as
    ``advertise_host``) or ``file`` (a file:// URL; the MEO must see the same file system).
    URL packages are passed to the MEO as they are. Raises :class:`OssError` on bad input.
    """
    if app_type not in paths.APP_TYPES:
        raise OssError(f"app type must be one of {', '.join(paths.APP_TYPES)}")
    if serve not in ("http", "file"):
        raise OssError("serve must be http or file")
    own_client = http is None
    client = http or httpx.AsyncClient(timeout=30.0)
    events: list[OnboardEvent] = []

    def emit(ev: OnboardEvent) -> None:
        events.append(ev)
        if on_event is not None:
            on_event(ev)

    fileserver: PackageFileServer | None = None
    try:
        data, local, pkg_url = await _load(package, client)
        try:
            appd: dict[str, Any] = open_package(data).appd
        except PackageError as exc:
            if not (name and version):
                raise OssError(f"{package} is not a valid package: {exc}") from None
            appd = {}
        algorithm = normalize_algorithm(algorithm)
        checksum = {"algorithm": algorithm, "hash": digest(data, algorithm)}
        if local is not None and serve == "http":
            fileserver = PackageFileServer(local, serve_host, advertise_host)
            pkg_url = await fileserver.start()
        body: dict[str, Any] = {
            "appPkgName": name or appd.get("appName"),
            "appPkgPath": pkg_url,
            "appPkgVersion": version or appd.get("appSoftVersion"),
            "appProvider": provider or appd.get("appProvider"),
            "checksum": checksum,
        }
        if user_defined_data:
            body["userDefinedData"] = user_defined_data
        url = paths.variant_url(paths.api_root(meo_url), target_network, app_type)
        try:
            resp = await client.post(url, json=body)
        except httpx.HTTPError as exc:
            raise OssError(f"cannot reach the MEO at {url}: {exc}") from None
        result = OnboardResult(
            ok=False,
            exit_code=EXIT_FAILED,
            status_code=resp.status_code,
            app_pkg_path=pkg_url,
            checksum=checksum,
            events=events,
        )
        if resp.status_code not in (200, 201):
            problem = _json(resp)
            result.failure = problem if isinstance(problem, dict) else {"detail": resp.text}
            emit(
                OnboardEvent(
                    now_iso(),
                    "request",
                    f"refused HTTP {resp.status_code}",
                    result.failure.get("detail"),
                )
            )
            return result
        info = resp.json()
        result.app_pkg_id = info["id"]
        result.location = resp.headers.get("Location") or paths.package_url(meo_url, info["id"])
        emit(
            OnboardEvent(
                now_iso(),
                "request",
                "created" if resp.status_code == 201 else "already exists",
                f"id {info['id']}",
            )
        )
        seen: dict[str, str] = {}
        deadline = time.monotonic() + wait_timeout
        while True:
            for ev in _changes(info, seen):
                emit(ev)
            done, ok = _finished(
                info,
                wait=wait,
                wait_remote=wait_remote,
                fetched=fileserver is None or fileserver.fetches > 0,
            )
            if done:
                result.ok = ok
                result.exit_code = EXIT_OK if ok else EXIT_FAILED
                break
            if time.monotonic() > deadline:
                emit(OnboardEvent(now_iso(), "timeout", f"after {wait_timeout:g}s"))
                result.exit_code = EXIT_TIMEOUT
                break
            await asyncio.sleep(poll_interval)
            try:
                info = (await client.get(result.location)).json()
            except (httpx.HTTPError, ValueError) as exc:
                emit(OnboardEvent(now_iso(), "poll", "error", str(exc)))
        result.info = info
        result.onboarding_state = info.get("onboardingState")
        result.failure = info.get("onboardingFailureDetails")
        result.remote = info.get("x-remoteOnboarding") or []
        return result
    finally:
        if fileserver is not None:
            await fileserver.stop()
        if own_client:
            with contextlib.suppress(Exception):
                await client.aclose()


def _json(resp: httpx.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def _finished(
    info: dict[str, Any], *, wait: bool, wait_remote: bool, fetched: bool
) -> tuple[bool, bool]:
    """(done, ok) for the current package representation."""
    state = info.get("onboardingState")
    if info.get("onboardingFailureDetails"):
        return True, False
    if not wait:
        # only stay until the MEO has the content (we may be the one serving it)
        return fetched and state != "UPLOADING", True
    if state != "ONBOARDED":
        return False, False
    if not wait_remote:
        return True, True
    remote = info.get("x-remoteOnboarding") or []
    if any(r.get("remoteState") == "FAILED" for r in remote):
        return True, False
    return all(r.get("remoteState") == "ONBOARDED" for r in remote), True
