"""Loopback servers and a lab CA for the perimeter tests."""

from tests.helpers.loopback import lab_ca, serve

__all__ = ["lab_ca", "serve"]
