"""The URLs the NEF posts its notifications to, and their check when one arrives.

A 3GPP NEF sends notifications to the ``notificationDestination`` the AF gave, with no
credential of its own. Each URL this OP gives names one resource and carries a token, an
HMAC-SHA256 of the receiver and the resource id under a key derived from the at-rest key
(:mod:`op_platform.security.at_rest`): only the NEF that was given the URL can post to it, no
token is stored, and a token for one resource is worthless for another. A wrong or missing
token is a 401 problem.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import quote

from op_platform.errors import Unauthenticated
from op_platform.security import at_rest
from op_platform.settings import Settings

_CONTEXT = b"op-platform/sbi-nr-notification/v1"


def _key(settings: Settings) -> bytes:
    return hashlib.sha256(_CONTEXT + at_rest.passphrase(settings).encode()).digest()


def token(settings: Settings, receiver: str, resource_id: str) -> str:
    """The token of ``receiver`` (a route template of roots.py) for ``resource_id``."""
    mac = hmac.new(_key(settings), f"{receiver}\n{resource_id}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode("ascii").rstrip("=")


def notification_url(settings: Settings, receiver: str, resource_id: str) -> str:
    """Where the NEF notifies this OP about ``resource_id`` (absolute, with its token)."""
    path = receiver.format(
        resourceId=quote(resource_id, safe=""), token=token(settings, receiver, resource_id)
    )
    return settings.base_url + path


def check(settings: Settings, receiver: str, resource_id: str, given: str) -> None:
    """Nothing when ``given`` is the token of ``resource_id``; 401 otherwise."""
    expected = token(settings, receiver, resource_id).encode()
    if not hmac.compare_digest(expected, given.encode("utf-8", "surrogatepass")):
        raise Unauthenticated(
            "this notification URL is not one this OP gave", cause="BAD_NOTIFICATION_TOKEN"
        )
