"""Free loopback ports for servers started in-process (the demo, the tests).

A port taken with ``bind(("127.0.0.1", 0))`` comes from the kernel's ephemeral range, the same
range outgoing connections take their local port from, so between handing it out and binding
the server, a client connection may take it. Ports are therefore drawn below that range, checked
with a bind, and never handed out twice by one process.

Several processes drawing from the same range at once (parallel test workers) may each find the
same port free and then race to bind it. ``FREE_PORT_RANGE=LOW-HIGH`` narrows the draw to a range
of one's own; the processes a process starts inherit it. (Not ``OP_...``: the settings read every
``OP_`` variable and refuse unknown ones.)
"""

from __future__ import annotations

import os
import random
import socket
from functools import cache
from pathlib import Path

_GIVEN: set[int] = set()
_LOWEST = 10000
RANGE_ENV = "FREE_PORT_RANGE"


@cache
def _ephemeral_start() -> int:
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return max(low, _LOWEST + 1000)


def port_range() -> tuple[int, int]:
    """The ports ``free_port`` draws from: ``[low, high)``."""
    top = _ephemeral_start()
    text = os.environ.get(RANGE_ENV, "")
    if text:
        try:
            low, high = (int(part) for part in text.split("-"))
        except ValueError as error:
            raise ValueError(f"{RANGE_ENV} must read LOW-HIGH, got {text!r}") from error
        if not 0 < low < high <= 65536:
            raise ValueError(f"{RANGE_ENV} must read LOW-HIGH with 0 < LOW < HIGH <= 65536")
        return low, high
    return _LOWEST, top


def worker_range(index: int, count: int) -> str:
    """The ``FREE_PORT_RANGE`` value of the ``index``-th of ``count`` processes sharing the
    default range, each drawing from a slice of its own."""
    low, high = _LOWEST, _ephemeral_start()
    size = (high - low) // max(count, 1)
    start = low + index * size
    return f"{start}-{start + size}"


def free_port() -> int:
    """A loopback TCP port nothing listens on, outside the ephemeral range when possible."""
    low, high = port_range()
    for _ in range(200):
        port = random.randrange(low, high)
        if port in _GIVEN:
            continue
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        _GIVEN.add(port)
        return port
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
