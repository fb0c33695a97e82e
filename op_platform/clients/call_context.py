"""Request context carried onto outbound calls: the CAMARA ``x-correlator`` and W3C
``traceparent`` of the request (or job) being served. Set them where work starts; ``call``
copies them onto every peer request."""

from __future__ import annotations

from contextvars import ContextVar

correlator: ContextVar[str | None] = ContextVar("x_correlator", default=None)
traceparent: ContextVar[str | None] = ContextVar("traceparent", default=None)


def outbound_headers() -> dict[str, str]:
    headers = {}
    if (value := correlator.get()) is not None:
        headers["x-correlator"] = value
    if (value := traceparent.get()) is not None:
        headers["traceparent"] = value
    return headers
