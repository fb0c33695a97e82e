"""Which URLs the MEO accepts to call: package paths (``appPkgPath``) and notification callbacks
(``callbackUri``), checked against the configured :class:`perimeter.Policy` when a request
arrives. The client that calls them checks again when it connects (see app.py).

``file://`` package paths are refused unless the MEO runs with ``--allow-file-urls``; then only
local ones (no host, or ``localhost``) are accepted.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from mec_mocks.common.errors import BadRequest
from perimeter import Policy, UrlRefused, check_url

SLUG = "url-refused"


def _refused(exc: UrlRefused) -> BadRequest:
    return BadRequest(f"invalid body: {exc}", slug=SLUG)


FILE_REFUSED = "file URLs are not accepted by this MEO (see --allow-file-urls)"


def check_package_path(url: str, policy: Policy, *, allow_file: bool) -> None:
    """400 naming ``appPkgPath`` unless the MEO may fetch ``url`` (empty: content comes later)."""
    if not url:
        return
    parts = urlsplit(url)
    if parts.scheme.lower() == "file":
        if not allow_file:
            raise _refused(UrlRefused(FILE_REFUSED, "appPkgPath"))
        if parts.netloc not in ("", "localhost"):
            raise _refused(UrlRefused("a file URL must not name a host", "appPkgPath"))
        return
    try:
        check_url(url, policy, field="appPkgPath")
    except UrlRefused as exc:
        raise _refused(exc) from None


def check_callback(url: str, policy: Policy, field: str = "callbackUri") -> None:
    """400 naming ``field`` unless notifications may be sent to ``url``."""
    try:
        check_url(url, policy, field=field)
    except UrlRefused as exc:
        raise _refused(exc) from None
