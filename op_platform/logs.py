"""Structured logs: one JSON object per line, carrying the request id, never a secret.

Values under keys that look secret (token, secret, password, authorization, ...) are replaced by
``"***"`` wherever they appear in a record's extra fields.
"""

from __future__ import annotations

import functools
import json
import logging
import sys
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

request_id: ContextVar[str | None] = ContextVar("request_id", default=None)

SECRET_MARKERS = ("token", "secret", "password", "authorization", "credential", "cookie")
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime"}


@functools.lru_cache(maxsize=4096)
def secret_key(key: str) -> bool:
    """A key that looks secret. Kept per key: every record asks it again of the same few keys
    (the access log writes one record per request)."""
    lowered = key.lower()
    return any(marker in lowered for marker in SECRET_MARKERS)


def redact(value: Any, key: str = "") -> Any:
    if key and secret_key(key):
        return "***"
    if isinstance(value, dict):
        return {k: redact(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(item) for item in value]
    return value


_ENCODER = json.JSONEncoder(default=str)  # one encoder: ``json.dumps(default=...)`` builds one
_SECONDS: dict[int, str] = {}  # the timestamp up to its second, for the last second seen


def _timestamp(created: float) -> str:
    """``2026-12-03T08:00:00.123+00:00``: the part up to the second is formatted once a second
    (the access log writes a line per request)."""
    second = int(created)
    head = _SECONDS.get(second)
    if head is None:
        _SECONDS.clear()
        head = _SECONDS[second] = datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S")
    return f"{head}.{int((created - second) * 1000):03d}+00:00"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": _timestamp(record.created),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        rid = request_id.get()
        if rid:
            entry["request_id"] = rid
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key[0] != "_":
                entry[key] = redact(value, key)
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return _ENCODER.encode(entry)


class StderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Writes to whatever ``sys.stderr`` is at the time of each record."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:
        pass


def configure_logging(level: str = "INFO") -> None:
    # The JSON lines carry none of the caller's file, line, thread or process: records need not
    # look them up (the logging HOWTO's "Optimization"; the access log writes a line per request).
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in ("httpx", "httpcore", "alembic", "aiosqlite", "sqlalchemy.engine"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
