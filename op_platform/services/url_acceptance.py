"""Every URL a caller gives the OP to call later (callback links, token URLs, sinks) is checked
against the outbound policy (``settings.outbound``) when it is accepted: a refused URL is a 400
naming the field and the rule, and nothing is stored. The same policy is checked again when the
call is made (``perimeter.make_client``), so a name that later resolves elsewhere is refused
then too."""

from __future__ import annotations

from op_platform.errors import InvalidInput
from op_platform.settings import Settings
from perimeter import UrlRefused, check_url


def accept_url(settings: Settings, url: str | None, field: str) -> None:
    """Nothing when ``url`` (None: absent) may be called; 400 naming ``field`` otherwise."""
    if url is None:
        return
    try:
        check_url(str(url), settings.outbound, field=field)
    except UrlRefused as exc:
        raise InvalidInput(
            f"{field} is refused: {exc.reason}",
            params=[(field, f"url_refused: {exc.reason}")],
            cause="URL_REFUSED",
        ) from None
