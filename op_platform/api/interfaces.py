"""The interface table: every API root the OP serves, its error format and its spec file.

``create_app`` mounts one sub-application per row; the error middleware uses the same rows to
pick the error format of a path. A new interface is one new row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aiohttp import web

from op_platform import roots
from op_platform.api.ewbi import routes as ewbi
from op_platform.api.fedcallbacks import routes as fedcallbacks
from op_platform.api.nbi import routes as nbi
from op_platform.api.qod import routes as qod
from op_platform.api.sbi_cr import routes as sbi_cr
from op_platform.api.sbi_edge import routes as sbi_edge
from op_platform.api.sbi_nr import routes as sbi_nr
from op_platform.api.styles import ErrorStyle
from op_platform.api.traffic_influence import routes as traffic_influence
from op_platform.api.uni import routes as uni


@dataclass(frozen=True)
class Interface:
    name: str
    root: str
    style: ErrorStyle
    setup: Callable[[web.Application], None]

    @property
    def spec(self) -> str:
        """The spec file's name (``openapi/<name>.yaml``): an interface is named after its spec."""
        return self.name


INTERFACES: tuple[Interface, ...] = (
    Interface("nbi", roots.NBI, ErrorStyle.CAMARA, nbi.setup),
    Interface("ewbi", roots.EWBI, ErrorStyle.PROBLEM, ewbi.setup),
    Interface("ewbi-callbacks", roots.EWBI_CALLBACKS, ErrorStyle.PROBLEM, fedcallbacks.setup),
    Interface("sbi-cr", roots.SBI_CR, ErrorStyle.PROBLEM, sbi_cr.setup),
    Interface("sbi-nr", roots.SBI_NR, ErrorStyle.PROBLEM, sbi_nr.setup),
    Interface("sbi-edge", roots.EDGE_EVENTS, ErrorStyle.PROBLEM, sbi_edge.setup),
    Interface("uni", roots.UNI, ErrorStyle.CAMARA, uni.setup),
    Interface("qod", roots.QOD, ErrorStyle.CAMARA, qod.setup),
    Interface(
        "traffic-influence", roots.TRAFFIC_INFLUENCE, ErrorStyle.CAMARA, traffic_influence.setup
    ),
)


def interface_for(path: str) -> Interface | None:
    for iface in INTERFACES:
        if path == iface.root or path.startswith(iface.root + "/"):
            return iface
    return None
