"""The bearer token an edge site's gateway presents when it pushes events to the OP.

It is derived from the key that protects secrets at rest (:mod:`op_platform.security.at_rest`)
and the site's zone id (HMAC-SHA256), so every replica and every restart computes the same token
without storing it, and a token is good for its one site only. The OP hands it to the gateway in
the subscription's ``HttpHeaders``; the receiver compares it in constant time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from op_platform.security import at_rest
from op_platform.settings import Settings

PURPOSE = b"edge-site-events:"


def event_token(settings: Settings, site_id: str) -> str:
    key = at_rest.passphrase(settings).encode()
    digest = hmac.new(key, PURPOSE + site_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def token_matches(settings: Settings, site_id: str, given: str | None) -> bool:
    expected = event_token(settings, site_id)
    return hmac.compare_digest(expected.encode(), (given or "").encode())
