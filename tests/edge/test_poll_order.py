"""A poll of a known site reads every system in one request when the gateway offers ``$expand``,
and applies a node whose power state or health moved before it reads the rest of the site: a
failure reaches the zone a few requests into the poll, not after hundreds."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from op_platform.services.edge.readings import NodeReading
from op_platform.services.edge.site_state import Judged
from op_platform.services.edge.telemetry import Inventory
from op_platform.services.edge.watcher import INVENTORY_EVERY, SiteWatcher
from op_platform.settings import EdgeSite, Settings

NODES = ("node1", "node2", "node3")
SYSTEMS = "/redfish/v1/Systems"


class Gateway:
    """A gateway's answers by path, recording every GET in order."""

    def __init__(self, *, expands: bool, off: str) -> None:
        self.expands, self.off, self.gets = expands, off, []

    async def root(self) -> dict[str, Any]:
        features = {"ExpandQuery": {"NoLinks": self.expands}}
        return {"Systems": {"@odata.id": SYSTEMS}, "ProtocolFeaturesSupported": features}

    def system(self, node: str) -> dict[str, Any]:
        state = "Off" if node == self.off else "On"
        return {"@odata.id": f"{SYSTEMS}/{node}", "PowerState": state, "Status": {"Health": "OK"}}

    async def get(self, path: str) -> dict[str, Any]:
        self.gets.append(path)
        if path == f"{SYSTEMS}?$expand=.":
            return {"Members": [self.system(node) for node in NODES]}
        if path == SYSTEMS:
            return {"Members": [{"@odata.id": f"{SYSTEMS}/{node}"} for node in NODES]}
        if path.startswith(f"{SYSTEMS}/"):
            return self.system(path.rsplit("/", 1)[-1])
        if path.endswith("/EnvironmentMetrics"):
            return {"PowerWatts": {"Reading": 200.0}, "PowerLimitWatts": {"SetPoint": 500}}
        return {}


def known(node: str) -> tuple[Inventory, Judged]:
    uri, chassis = f"{SYSTEMS}/{node}", f"/redfish/v1/Chassis/{node}"
    inventory = Inventory(node, uri, chassis, 8, 16384, 100, 0, 500.0)
    reading = NodeReading(node, uri, chassis, "OK", "On", 8, 16384, 100, 0, 200.0, 500.0, (), None)
    return inventory, Judged(reading, None)


def make_watcher(tmp_path: Path, gateway: Gateway) -> tuple[SiteWatcher, list[Any]]:
    site = EdgeSite.model_validate({"url": "https://gw.example.net", "password": "x"})
    settings = Settings(operator_id="op-1", country_code="ES", data_dir=str(tmp_path))
    watcher = SiteWatcher(
        "zone-1", site, cast(Any, gateway), cast(Any, None), settings, "https://op/r", "t"
    )
    for node in NODES:
        watcher._inventory[node], watcher.status.nodes[node] = known(node)
    watcher.status.polls = 1  # the site is known: this poll takes the cheap read
    applied: list[Any] = []

    async def apply(readings: list[NodeReading], complete: bool) -> None:
        applied.append(([r.node_id for r in readings], complete, len(gateway.gets)))

    watcher._judge_and_apply = apply  # type: ignore[method-assign]
    return watcher, applied


async def test_a_node_that_went_down_is_applied_before_the_rest_is_read(tmp_path: Path) -> None:
    gateway = Gateway(expands=True, off="node2")
    watcher, applied = make_watcher(tmp_path, gateway)
    readings = await watcher._poll()
    assert gateway.gets[0] == f"{SYSTEMS}?$expand=."
    assert not any(path.startswith(f"{SYSTEMS}/") for path in gateway.gets)  # systems came at once
    assert applied and applied[0][:2] == (["node2"], False)
    before = gateway.gets[: applied[0][2]]
    assert not any("/node1/" in path or "/node3/" in path for path in before), before
    assert [r.node_id for r in readings] == ["node2", "node1", "node3"]
    assert {r.node_id: r.power_state for r in readings}["node2"] == "Off"
    assert len(gateway.gets) == 1 + 2 * len(NODES)  # no clock sensor known: two reads a node


async def test_nothing_is_applied_early_when_nothing_moved(tmp_path: Path) -> None:
    gateway = Gateway(expands=True, off="none")
    watcher, applied = make_watcher(tmp_path, gateway)
    assert len(await watcher._poll()) == len(NODES)
    assert applied == []


@pytest.mark.parametrize("off", ["node2", "none"])
async def test_without_expand_each_system_is_read(tmp_path: Path, off: str) -> None:
    gateway = Gateway(expands=False, off=off)
    watcher, applied = make_watcher(tmp_path, gateway)
    readings = await watcher._poll()
    assert gateway.gets[0] == SYSTEMS
    assert sorted(p for p in gateway.gets if p.startswith(f"{SYSTEMS}/")) == [
        f"{SYSTEMS}/{node}" for node in NODES
    ]
    assert applied == []  # the states are known only once every node was read
    assert sorted(r.node_id for r in readings if r.down) == ([off] if off != "none" else [])


async def test_a_full_read_too_applies_a_node_that_went_down_first(tmp_path: Path) -> None:
    """Every ``INVENTORY_EVERY``-th poll re-reads the whole inventory, which takes long: the
    node that moved is applied before it starts."""
    gateway = Gateway(expands=True, off="node3")
    watcher, applied = make_watcher(tmp_path, gateway)
    watcher.status.polls = INVENTORY_EVERY
    full: list[int] = []

    async def survey() -> list[NodeReading]:
        full.append(len(applied))
        return []

    watcher._full = survey  # type: ignore[method-assign]
    await watcher._poll()
    assert applied[0][:2] == (["node3"], False)
    assert full == [1]  # the full read began after the early apply
