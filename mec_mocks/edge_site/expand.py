"""Redfish query parameters on reads (DSP0266, "Query parameters"): ``$expand`` is served, the
others are refused with 501 as the specification asks of a service that does not support them.

``$expand=.`` replaces each reference a resource holds outside its ``Links`` (a collection's
``Members``, a system's ``Processors``...) by the resource itself, ``~`` those inside ``Links``,
``*`` both; ``($levels=N)`` goes N references deep (1 when absent, at most ``MAX_LEVELS``). A
reference the gateway cannot serve stays a reference. One ``GET /redfish/v1/Systems?$expand=.``
thus answers every node's power state and health at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mec_mocks.edge_site import registry as r
from mec_mocks.edge_site.errors import BadRequest, NotFound, NotImplementedQuery

MAX_LEVELS = 3
UNSUPPORTED = frozenset(
    {"$select", "$filter", "$top", "$skip", "only", "excerpt", "includeoriginofcondition"}
)

Resolve = Callable[[str], dict[str, Any]]
"""The resource at a URI (raises ``NotFound`` for one the gateway does not have)."""


@dataclass(frozen=True)
class Expand:
    subordinate: bool
    """Expand references outside ``Links`` (``.`` or ``*``)."""
    links: bool
    """Expand references inside ``Links`` (``~`` or ``*``)."""
    levels: int


_FORM = re.compile(r"([.~*])(?:\(\$levels=([^)]*)\))?")


def _format_error(value: str) -> BadRequest:
    return BadRequest(
        message_id=f"{r.BASE}.QueryParameterValueFormatError", args=(value, "$expand")
    )


def parse_expand(value: str) -> Expand:
    """``.``, ``~`` or ``*``, optionally with ``($levels=N)``; 400 for anything else."""
    found = _FORM.fullmatch(value)
    if found is None:
        raise _format_error(value)
    kind, levels_text = found.groups()
    levels = 1
    if levels_text is not None:
        if not levels_text.isdigit():
            raise _format_error(value)
        levels = int(levels_text)
        if not 1 <= levels <= MAX_LEVELS:
            raise BadRequest(
                message_id=f"{r.BASE}.QueryParameterOutOfRange",
                args=(levels_text, "$levels", f"1-{MAX_LEVELS}"),
            )
    return Expand(subordinate=kind in ".*", links=kind in "~*", levels=levels)


def requested(query: Mapping[str, str]) -> Expand | None:
    """The expansion a read asks for, if any; 501 for a query parameter this gateway lacks."""
    for name in query:
        if name in UNSUPPORTED or (name.startswith("$") and name != "$expand"):
            raise NotImplementedQuery(args=(name,))
    value = query.get("$expand")
    return parse_expand(value) if value is not None else None


def _reference(value: Any) -> str | None:
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get("@odata.id"), str):
        return str(value["@odata.id"])
    return None


def expand(body: dict[str, Any], how: Expand, resolve: Resolve) -> dict[str, Any]:
    """``body`` with its references replaced by their resources, as ``how`` asks."""
    expanded: dict[str, Any] = _walk(body, how, resolve, how.levels, in_links=False)
    return expanded


def _walk(value: Any, how: Expand, resolve: Resolve, levels: int, *, in_links: bool) -> Any:
    uri = _reference(value)
    if uri is not None:
        if levels < 1 or not (how.links if in_links else how.subordinate):
            return value
        try:
            target = resolve(uri)
        except NotFound:
            return value
        return _walk(target, how, resolve, levels - 1, in_links=False)
    if isinstance(value, dict):
        return {
            key: _walk(item, how, resolve, levels, in_links=in_links or key == "Links")
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_walk(item, how, resolve, levels, in_links=in_links) for item in value]
    return value


class Resources:
    """Every readable URI template of the gateway and its builder, to resolve a reference."""

    def __init__(self, gets: list[tuple[str, Callable[[Any, Mapping[str, str]], Any]]]) -> None:
        self._table = [(re.compile(_pattern(path)), build) for path, build in gets]

    def resolver(self, gateway: Any) -> Resolve:
        def resolve(uri: str) -> dict[str, Any]:
            path = uri.split("#", 1)[0].rstrip("/") or "/"
            for pattern, build in self._table:
                found = pattern.fullmatch(path)
                if found is not None:
                    body: dict[str, Any] = build(gateway, found.groupdict())
                    return body
            raise NotFound(args=(uri,))

        return resolve


def _pattern(template: str) -> str:
    parts = re.split(r"\{(\w+)\}", template.rstrip("/") or "/")
    return "".join(
        f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts)
    )
