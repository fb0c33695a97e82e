"""Free loopback ports for servers started in-process (the demo, the tests).

A port taken with ``bind(("127.0.0.1", 0))`` comes from the kernel's ephemeral range, the same
range outgoing connections take their local port from, so between handing it out and binding
the server, a client connection may take it. Ports are therefore drawn below that range, checked
with a bind, and never handed out twice by one process.
"""

from __future__ import annotations

import random
import socket
from functools import cache
from pathlib import Path

_GIVEN: set[int] = set()
_LOWEST = 10000


@cache
def _ephemeral_start() -> int:
    try:
        low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        low = 32768
    return max(low, _LOWEST + 1000)


def free_port() -> int:
    """A loopback TCP port nothing listens on, outside the ephemeral range when possible."""
    top = _ephemeral_start()
    for _ in range(200):
        port = random.randrange(_LOWEST, top)
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
