"""Recent flow operations, each with every step known here joined in order (the trace's
joining, ``services/flow/trace.py``): the hops this OP recorded, the hops the partner reported
about its side in its answer (steps 5 and 6) and the MEO's own steps (1, 2 and 9, see
``meo_steps``); with the actors of its sequence diagram, left to right, and the same diagram as
Mermaid text."""

from __future__ import annotations

from typing import Any

from op_platform.services.flow.trace import joined_hops, mermaid

ROLES = ("origin", "partner", "local")


def actors(view: dict[str, Any], hops: list[dict[str, Any]]) -> list[str]:
    """Left to right: oss, meo-op-1, op-1, op-2, meo-op-2 (as far as the flow goes), then any
    other party a hop names."""
    me = str((view.get("result") or {}).get("operator") or "op")
    partner = view.get("partnerId")
    if view["role"] == "partner":
        order = [partner, me, f"meo-{me}"]
    else:
        order = ["oss", f"meo-{me}", me]
        if partner:
            order += [partner, f"meo-{partner}"]
    named = [name for name in order if name]
    for hop in hops:
        for name in (hop["from"], hop["to"]):
            if name not in named:
                named.append(name)
    used = {hop["from"] for hop in hops} | {hop["to"] for hop in hops}
    return [name for name in named if name in used]


def flow_view(view: dict[str, Any], meo_hops: list[dict[str, Any]]) -> dict[str, Any]:
    """One operation as the page draws it."""
    me = (view.get("result") or {}).get("operator")
    remote = (view.get("result") or {}).get("remote") or {}
    theirs = [h for h in remote.get("hops") or [] if me not in (h["from"], h["to"])]
    reported = {"operationId": view.get("remoteOperationId"), "hops": theirs}
    meo = {"operationId": f"meo:{view.get('meoAppPkgId')}", "hops": meo_hops}
    hops = joined_hops([view, reported, meo])
    return {
        "operationId": view["operationId"],
        "role": view["role"],
        "appType": view["appType"],
        "targetNetworkId": view["targetNetworkId"],
        "package": view["package"],
        "state": view["state"],
        "detail": view.get("detail"),
        "partnerId": view.get("partnerId"),
        "mode": view.get("mode"),
        "correlator": view.get("correlator"),
        "createdAt": view.get("createdAt"),
        "updatedAt": view.get("updatedAt"),
        "steps": sorted({hop["step"] for hop in hops}),
        "actors": actors(view, hops),
        "hops": hops,
        "mermaid": mermaid(hops),
    }
