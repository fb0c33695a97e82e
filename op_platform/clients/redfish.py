"""Client toward an edge site's Redfish gateway, a thin layer over DMTF's ``redfish.aio``.

The library does the Redfish work: session login (``POST`` to the service root's Sessions link,
``X-Auth-Token``), logout, origin checks, and one re-login when a GET answers 401. This layer
adds only what it lacks:

- one shared ``aiohttp.ClientSession`` for every gateway, with each gateway's own TLS trust (a CA
  file such as the mock's certificate, or an ``ssl.SSLContext``) passed per request;
- the same single re-login for writes (POST, PATCH, DELETE) that answer 401;
- domain errors: unreachable or timed out -> ``Unavailable``, a 503 -> ``Unavailable`` (with its
  Retry-After), any other error answer -> ``PeerError`` (an ``UpstreamError``) carrying the
  Redfish error body, a malformed answer -> ``UpstreamError``;
- typed views (:mod:`op_platform.clients.redfish_views`) and the EventService calls.

Redfish authentication needs HTTPS (the library refuses it over plain HTTP).
"""

from __future__ import annotations

import asyncio
import logging
import ssl
from types import TracebackType
from typing import Any

import aiohttp
from redfish.aio import (
    AsyncRedfishClient,
    RedfishAuthenticationError,
    RedfishConnectionError,
    RedfishError,
    RedfishHTTPError,
)

from op_platform.clients.call import PeerError, parse_retry_after
from op_platform.clients.redfish_views import (
    ChassisView,
    Json,
    SystemView,
    chassis_view,
    system_view,
)
from op_platform.errors import Unavailable, UpstreamError

log = logging.getLogger(__name__)

DEFAULT_PREFIXES = ("ResourceEvent", "Environmental", "Power", "SensorEvent")


class _TlsSession:
    """The shared session as the library sees it, with this gateway's TLS trust added."""

    def __init__(self, session: aiohttp.ClientSession, ssl_context: ssl.SSLContext | None):
        self._session = session
        self._ssl = ssl_context

    def request(self, method: str, url: Any, **kwargs: Any) -> Any:
        if self._ssl is not None:
            kwargs["ssl"] = self._ssl
        return self._session.request(method, url, **kwargs)


def tls_context(cafile: str | None = None) -> ssl.SSLContext:
    """A client context trusting ``cafile`` (e.g. the edge site mock's certificate)."""
    return ssl.create_default_context(cafile=cafile)


def _error(exc: RedfishError, what: str) -> Exception:
    if isinstance(exc, RedfishConnectionError):
        return Unavailable(f"{what}: the gateway is unreachable", cause="gateway_unreachable")
    if isinstance(exc, RedfishHTTPError):
        response = exc.response
        try:
            body = response.dict
        except RedfishError:
            body = response.text[:2000]
        if response.status == 503:
            wait = response.getheader("Retry-After")
            return Unavailable(
                f"{what}: the gateway answered 503",
                cause="gateway_unavailable",
                headers={"Retry-After": wait} if wait else None,
            )
        message = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
        detail = f"{what} answered {response.status}" + (f": {message}" if message else "")
        retry_after = parse_retry_after(response.getheader("Retry-After"))
        return PeerError(
            detail, peer_status=response.status, peer_body=body, retry_after=retry_after
        )
    if isinstance(exc, RedfishAuthenticationError):
        return PeerError(
            f"{what}: the gateway refused our credentials", peer_status=401, peer_body=None
        )
    return UpstreamError(f"{what}: {exc}", cause="gateway_protocol")


class RedfishGateway:
    """One site's gateway. ``async with`` logs in (a Redfish session) and out."""

    def __init__(
        self,
        base_url: str,
        username: str,
        password: str,
        *,
        session: aiohttp.ClientSession,
        cafile: str | None = None,
        ssl_context: ssl.SSLContext | None = None,
        timeout: float = 10.0,
        concurrency: int = 8,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._slots = asyncio.Semaphore(concurrency)
        """At most ``concurrency`` requests in flight to this gateway: a site read in full does
        not take every connection of the shared session, nor keep another site's poll waiting
        behind hundreds of its requests."""
        context = ssl_context or (tls_context(cafile) if cafile else None)
        self._client = AsyncRedfishClient(
            self.base_url,
            username=username,
            password=password,
            session=_TlsSession(session, context),
            timeout=timeout,
        )
        self._root: Json | None = None
        self._relogin = asyncio.Lock()
        self._logins = 0
        """Logins so far: concurrent writes refused with the same session log in once."""

    async def __aenter__(self) -> RedfishGateway:
        await self.login()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.logout()

    async def login(self) -> None:
        self._logins += 1
        try:
            await self._client.login(auth="session")
        except RedfishError as exc:
            raise _error(exc, f"login at {self.base_url}") from exc

    async def logout(self) -> None:
        try:
            await self._client.logout()
        except RedfishError as exc:
            log.info("redfish logout failed", extra={"gateway": self.base_url, "error": str(exc)})

    # -- raw calls ----------------------------------------------------------------------------
    async def _send(self, method: str, path: str, body: Json | None = None) -> Any:
        what = f"{method} {self.base_url}{path}"
        call = getattr(self._client, method.lower())
        kwargs: dict[str, Any] = {} if body is None else {"body": body}
        async with self._slots:
            return await self._call(call, method, path, kwargs, what)

    async def _call(
        self, call: Any, method: str, path: str, kwargs: dict[str, Any], what: str
    ) -> Any:
        try:
            logins = self._logins
            response = await call(path, **kwargs)
            if response.status == 401 and method != "GET":
                async with self._relogin:
                    if self._logins == logins:
                        log.info(
                            "redfish session refused; logging in again",
                            extra={"gateway": self.base_url},
                        )
                        await self.login()
                response = await call(path, **kwargs)
            _check(response)
        except RedfishError as exc:
            raise _error(exc, what) from exc
        return response

    async def get(self, path: str) -> Json:
        """The JSON object at ``path`` (re-logging in once on 401, in the library)."""
        response = await self._send("GET", path)
        try:
            data = response.dict
        except RedfishError as exc:
            raise _error(exc, f"GET {self.base_url}{path}") from exc
        if not isinstance(data, dict):
            raise UpstreamError(f"GET {self.base_url}{path}: not a JSON object")
        return data

    async def post(self, path: str, body: Json) -> Any:
        return await self._send("POST", path, body)

    async def delete(self, path: str) -> None:
        await self._send("DELETE", path)

    async def members(self, collection: str) -> list[Json]:
        """Every member resource of the collection at ``collection``, fetched concurrently."""
        listing = await self.get(collection)
        uris = [m["@odata.id"] for m in listing.get("Members", []) if "@odata.id" in m]
        return list(await asyncio.gather(*(self.get(u) for u in uris)))

    async def root(self) -> Json:
        if self._root is None:
            self._root = await self.get("/redfish/v1/")
        return self._root

    @staticmethod
    def _link(resource: Json, name: str) -> str | None:
        value = resource.get(name)
        return value.get("@odata.id") if isinstance(value, dict) else None

    # -- views --------------------------------------------------------------------------------
    async def systems(self) -> list[SystemView]:
        collection = self._link(await self.root(), "Systems")
        if collection is None:
            return []
        systems = await self.members(collection)
        return list(await asyncio.gather(*(self._system(s) for s in systems)))

    async def system(self, uri: str) -> SystemView:
        """The node at ``uri`` (``/redfish/v1/Systems/{id}``), as :meth:`systems` sees it."""
        return await self._system(await self.get(uri))

    async def _system(self, system: Json) -> SystemView:
        processors: list[Json] = []
        drives: list[Json] = []
        if (link := self._link(system, "Processors")) is not None:
            processors = await self.members(link)
        if (link := self._link(system, "Storage")) is not None:
            for storage in await self.members(link):
                uris = [d["@odata.id"] for d in storage.get("Drives", []) if "@odata.id" in d]
                drives += await asyncio.gather(*(self.get(u) for u in uris))
        return system_view(system, processors, drives)

    async def chassis(self) -> list[ChassisView]:
        collection = self._link(await self.root(), "Chassis")
        if collection is None:
            return []
        return list(
            await asyncio.gather(*(self._chassis(c) for c in await self.members(collection)))
        )

    async def chassis_at(self, uri: str) -> ChassisView:
        """The chassis at ``uri`` (``/redfish/v1/Chassis/{id}``), as :meth:`chassis` sees it."""
        return await self._chassis(await self.get(uri))

    async def _optional(self, resource: Json | None, *names: str) -> list[Json]:
        """Members of the collection reached from ``resource`` through ``names`` (or none)."""
        for name in names[:-1]:
            link = self._link(resource or {}, name)
            resource = await self.get(link) if link else None
        link = self._link(resource or {}, names[-1])
        return await self.members(link) if link else []

    async def _chassis(self, chassis: Json) -> ChassisView:
        env_link = self._link(chassis, "EnvironmentMetrics")
        environment, sensors, fans, supplies, detectors = await asyncio.gather(
            self.get(env_link) if env_link else _none(),
            self._optional(chassis, "Sensors"),
            self._optional(chassis, "ThermalSubsystem", "Fans"),
            self._optional(chassis, "PowerSubsystem", "PowerSupplies"),
            self._optional(chassis, "LeakDetectors"),
        )
        return chassis_view(
            chassis,
            environment=environment,
            sensors=sensors,
            fans=fans,
            power_supplies=supplies,
            leak_detectors=detectors,
        )

    # -- actions and events -------------------------------------------------------------------
    async def reset(self, system_uri: str, reset_type: str) -> None:
        """``ComputerSystem.Reset`` on the system at ``system_uri`` (On, ForceOff, ...)."""
        system = await self.get(system_uri)
        action = (system.get("Actions") or {}).get("#ComputerSystem.Reset") or {}
        target = action.get("target", f"{system_uri}/Actions/ComputerSystem.Reset")
        await self.post(target, {"ResetType": reset_type})

    async def subscribe(
        self,
        destination: str,
        *,
        context: str = "",
        headers: dict[str, str] | None = None,
        registry_prefixes: tuple[str, ...] = DEFAULT_PREFIXES,
        resource_types: tuple[str, ...] = (),
    ) -> str:
        """Subscribe ``destination`` to the gateway's events; the subscription's URL.
        ``headers`` go with every push (``HttpHeaders``: how the receiver knows the gateway)."""
        service = self._link(await self.root(), "EventService")
        if service is None:
            raise UpstreamError(f"{self.base_url} has no EventService")
        subscriptions = self._link(await self.get(service), "Subscriptions")
        body: Json = {
            "Destination": destination,
            "Protocol": "Redfish",
            "Context": context,
            "EventFormatType": "Event",
            "RegistryPrefixes": list(registry_prefixes),
        }
        if headers:
            body["HttpHeaders"] = [{name: value} for name, value in headers.items()]
        if resource_types:
            body["ResourceTypes"] = list(resource_types)
        response = await self.post(subscriptions or f"{service}/Subscriptions", body)
        location = response.getheader("Location") or (response.dict or {}).get("@odata.id")
        if not location:
            raise UpstreamError(f"{self.base_url}: the subscription has no Location")
        return str(location) if "://" in location else self.base_url + location

    async def unsubscribe(self, url: str) -> None:
        path = url.removeprefix(self.base_url)
        await self.delete(path)


def _check(response: Any) -> None:
    if response.status == 401:
        raise RedfishAuthenticationError("the gateway rejected our session")
    if not 200 <= response.status < 300:
        raise RedfishHTTPError(response)


async def _none() -> None:
    return None
