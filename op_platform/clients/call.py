"""The one helper every peer call goes through.

It adds the bearer token (and fetches a new one and retries once when the peer answers 401),
copies ``x-correlator``/``traceparent`` from the context, and turns failures into domain errors:
no connection or a timeout -> ``Unavailable``; a 4xx/5xx answer -> ``PeerError`` (an
``UpstreamError``) carrying the peer's status and body in ``extra``, and the seconds the peer
asked us to wait (``Retry-After``) as ``retry_after``. Request bodies sent as
file objects cannot be replayed: pass bytes when the call may need its 401 retry.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from op_platform.clients.call_context import outbound_headers
from op_platform.clients.outbound_tokens import TokenProvider
from op_platform.errors import Unavailable, UpstreamError
from perimeter import DestinationRefused

log = logging.getLogger(__name__)

PROBLEM_TYPES = ("application/problem+json", "application/json")
REFUSED = "destination_refused"  # the outbound policy refused where a call would go


class PeerError(UpstreamError):
    """A peer answered with an error. ``extra``: ``peerStatus`` and ``peerProblem`` (its body).

    ``retry_after``: the seconds its ``Retry-After`` header asked us to wait, or None.
    """

    def __init__(
        self, detail: str, *, peer_status: int, peer_body: Any, retry_after: float | None = None
    ) -> None:
        super().__init__(
            detail,
            cause="peer_error",
            extra={"peerStatus": peer_status, "peerProblem": peer_body},
        )
        self.peer_status = peer_status
        self.peer_body = peer_body
        self.retry_after = retry_after


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` value (RFC 9110: delta-seconds or an HTTP-date).

    A date in the past gives 0; a missing or malformed value gives None.
    """
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (moment - (now or datetime.now(UTC))).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def retry_after_of(response: httpx.Response) -> float | None:
    return parse_retry_after(response.headers.get("retry-after"))


def _origin(url: str) -> str:
    """Where a call went, for logs: paths may carry secrets (a device token, for one)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _peer_body(response: httpx.Response) -> Any:
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type in PROBLEM_TYPES or content_type.endswith("+json"):
        try:
            return response.json()
        except ValueError:
            pass
    return response.text[:2000]


def token_refused(response: httpx.Response) -> bool:
    """Whether a 401 is about our access token (RFC 6750: a ``Bearer`` challenge, with no error
    or ``invalid_token``), rather than about something the request carried (a device token)."""
    challenge = response.headers.get("WWW-Authenticate", "").strip().lower()
    if not challenge.startswith("bearer"):
        return False
    return "error=" not in challenge or 'error="invalid_token"' in challenge


def _detail(what: str, response: httpx.Response, body: Any) -> str:
    text = f"{what} answered {response.status_code}"
    if isinstance(body, dict):
        summary = body.get("detail") or body.get("title") or body.get("message")
        if isinstance(summary, str) and summary:
            text = f"{text}: {summary}"
    return text


async def call(
    http: httpx.AsyncClient,
    method: str,
    url: str,
    *,
    tokens: TokenProvider | None = None,
    json: Any = None,
    data: Any = None,
    files: Any = None,
    content: bytes | str | None = None,
    headers: dict[str, str] | None = None,
    timeout: float | httpx.Timeout | None = None,  # noqa: ASYNC109 (httpx per-request timeout)
    label: str | None = None,
) -> httpx.Response:
    """Send one request to a peer; return its 2xx/3xx response or raise a domain error.

    ``label`` names the call in error details instead of ``METHOD URL`` (paths may carry
    secrets). With ``tokens``, a 401 that refuses the token itself fetches a new one and sends
    once more."""
    what = label or f"{method} {url}"
    attempts = 2 if tokens is not None else 1
    response: httpx.Response | None = None
    for attempt in range(attempts):
        sent = {**outbound_headers(), **(headers or {})}
        token = await tokens.token() if tokens is not None else None
        if token is not None:
            sent["Authorization"] = f"Bearer {token}"
        extra: dict[str, Any] = {}
        if timeout is not None:
            extra["timeout"] = timeout
        try:
            response = await http.request(
                method,
                url,
                json=json,
                data=data,
                files=files,
                content=content,
                headers=sent,
                **extra,
            )
        except httpx.TimeoutException as exc:
            log.warning("peer timed out", extra={"method": method, "peer": _origin(url)})
            raise Unavailable(f"{what} timed out", cause="peer_timeout") from exc
        except DestinationRefused as exc:
            log.warning("peer refused by the outbound policy", extra={"peer": _origin(url)})
            raise UpstreamError(
                f"{what}: the destination is refused by the outbound policy ({exc.reason})",
                cause=REFUSED,
            ) from None
        except httpx.TransportError as exc:
            log.warning(
                "peer unreachable",
                extra={"method": method, "peer": _origin(url), "error": type(exc).__name__},
            )
            raise Unavailable(f"{what}: peer unreachable", cause="peer_unreachable") from exc
        last = attempt + 1 >= attempts
        if (
            response.status_code == 401
            and tokens is not None
            and not last
            and token_refused(response)
        ):
            log.info("peer refused our token; fetching a new one", extra={"peer": _origin(url)})
            tokens.invalidate(token)
            continue
        break
    assert response is not None
    if response.status_code >= 400:
        body = _peer_body(response)
        log.info(
            "peer error",
            extra={"method": method, "peer": _origin(url), "status": response.status_code},
        )
        raise PeerError(
            _detail(what, response, body),
            peer_status=response.status_code,
            peer_body=body,
            retry_after=retry_after_of(response),
        )
    return response
