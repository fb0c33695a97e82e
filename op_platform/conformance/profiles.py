"""The two profiles: ``strict`` (the contract as written) and ``lenient`` (also the spellings
the GSMA OPG.04 file gets wrong, and the ones widely used instead of it).

:func:`normalise` rewrites a body to the contract's spelling and says what it rewrote. In the
strict profile each rewrite is a finding (rule ``spelling``); in the lenient profile it is a
note. Either way the rewritten body is then validated against the schema, so one misspelling is
reported once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from op_platform.conformance.findings import Finding

Profile = Literal["strict", "lenient"]
PROFILES: tuple[Profile, ...] = ("strict", "lenient")

# wrong field name -> the contract's name (both read by a lenient partner).
FIELD_ALIASES: dict[str, str] = {
    "fileRepolocation": "fileRepoLocation",  # ViewFile answer in the GSMA file
    "partnerStatusLink": "federationNotificationDest",  # widely used in CreateFederation
    "latencyConstraint": "latencyConstraints",  # UpdateApplication anyOf in the GSMA file
    "componentname": "componentName",  # AppComponentSpecs required list in the GSMA file
    "interfaceName": "InterfaceName",  # InterfaceDetails required list in the GSMA file
}
# (field, wrong enum value) -> the contract's value.
ENUM_ALIASES: dict[tuple[str, str], str] = {
    ("version", "OS_VERSION_ DEBIAN_11"): "OS_VERSION_DEBIAN_11",
    ("category", "SURVEILLANCE"): "SURVELIANCE",
    ("category", "INDUSTRIAL"): "IDUSTRIAL",
}


@dataclass
class Rewrite:
    path: str
    wrong: str
    right: str


def _walk(node: Any, path: str, found: list[Rewrite]) -> Any:
    if isinstance(node, list):
        return [_walk(item, f"{path}[{i}]", found) for i, item in enumerate(node)]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        name = key
        right = FIELD_ALIASES.get(key)
        if right is not None and right not in node:
            found.append(Rewrite(f"{path}.{key}", key, right))
            name = right
        if isinstance(value, str) and (key, value) in ENUM_ALIASES:
            fixed = ENUM_ALIASES[(key, value)]
            found.append(Rewrite(f"{path}.{key}", value, fixed))
            value = fixed
        out[name] = _walk(value, f"{path}.{key}", found)
    return out


def normalise(body: Any, profile: Profile, root: str = "$") -> tuple[Any, list[Finding], list[str]]:
    """(the body in the contract's spelling, findings (strict), notes (lenient))."""
    rewrites: list[Rewrite] = []
    fixed = _walk(body, root, rewrites)
    findings: list[Finding] = []
    notes: list[str] = []
    for item in rewrites:
        if profile == "strict":
            findings.append(Finding("spelling", item.path, item.right, item.wrong))
        else:
            notes.append(f"{item.path}: accepted {item.wrong!r} for {item.right!r} (lenient)")
    return fixed, findings, notes
