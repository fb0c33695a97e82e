"""Ports for in-process servers come from below the ephemeral range and are never repeated."""

from __future__ import annotations

import socket

from op_platform.ports import _ephemeral_start, free_port


def test_ports_are_distinct_bindable_and_not_ephemeral() -> None:
    ports = [free_port() for _ in range(50)]
    assert len(set(ports)) == 50
    assert all(port < _ephemeral_start() for port in ports)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", ports[0]))
