"""NEF mock simulated network: sites, cells and UEs from the config and seed; moves."""

from __future__ import annotations

from pathlib import Path

import pytest

from mec_mocks.nef.config import NefConfig, Site, load_toml, merge_sites, parse_location
from mec_mocks.nef.network import Network
from mec_mocks.testing import Servers, assert_problem, wait_for
from tests.mec_mocks.nef.helpers import Af, make_af, nef_config, start_nef


def test_network_is_derived_from_config_and_seed() -> None:
    net = Network(nef_config(ues=3, cells_per_dnai=2))
    assert sorted(net.dnais) == ["dnai-a", "dnai-b"]
    assert [c.id for c in net.cells_of("dnai-b")] == ["00101000000201", "00101000000202"]
    assert {c.zone for c in net.cells_of("dnai-a")} == {"zone-a"}
    ue = net.ues["ue-2"]
    assert (ue.ipv4, ue.ipv6, ue.gpsi, ue.mac) == (
        "10.45.0.3",
        "2001:db8:45::2",
        "msisdn-33610000002",
        "02-00-00-00-00-02",
    )
    assert net.find("ueIpv6Addr", "2001:DB8:45:0::2") is ue
    assert net.find("gpsi", "extid-ue2@nef.mock") is ue
    assert net.find("macAddr", "02-00-00-00-00-02".upper()) is ue
    assert net.find("ipv4Addr", "10.45.0.99") is None
    again = Network(nef_config(ues=3, cells_per_dnai=2))
    assert [u.cell for u in again.ues.values()] == [u.cell for u in net.ues.values()]
    other = Network(nef_config(ues=20, seed=99))
    assert [u.cell for u in other.ues.values()][:3] != [u.cell for u in net.ues.values()]


def test_sites_from_flags_and_file(tmp_path: Path) -> None:
    sites = merge_sites([], ["z1=d1", "z2=d2"], ["z2=45.5,4.5"])
    assert sites == [Site(zone="z1", dnai="d1"), Site(zone="z2", dnai="d2", lat=45.5, lon=4.5)]
    config = NefConfig(sites=sites)
    assert [(s.zone, lat, lon) for s, lat, lon in config.located_sites()] == [
        ("z1", 48.8566, 2.3522),
        ("z2", 45.5, 4.5),
    ]
    assert parse_location("z=1,-2.5") == ("z", 1.0, -2.5)
    for bad in ("z", "z=1", "z=a,b"):
        with pytest.raises(ValueError):
            parse_location(bad)
    with pytest.raises(ValueError, match="--dnai"):
        merge_sites([], [], ["nowhere=1,2"])
    with pytest.raises(ValueError, match="dnai d1 given more than once"):
        NefConfig(sites=merge_sites([], ["a=d1", "b=d1"], []))
    path = tmp_path / "nef.toml"
    path.write_text('ues = 7\n[clients]\naf = "s"\n[[sites]]\nzone = "z"\ndnai = "d"\n')
    assert NefConfig.model_validate(load_toml(path)).ues == 7
    path.write_text("colour = 1\n")
    with pytest.raises(ValueError, match="colour"):
        load_toml(path)


async def test_admin_views_and_moves(af: Af) -> None:
    sites = await af.admin("GET", "/admin/sites")
    assert [(s["zoneId"], s["dnai"]) for s in sites] == [("zone-a", "dnai-a"), ("zone-b", "dnai-b")]
    assert len(sites[0]["cells"]) == 3
    ues = await af.admin("GET", "/admin/ues")
    assert [u["ueId"] for u in ues] == ["ue-1", "ue-2", "ue-3", "ue-4"]
    moved = await af.move("ue-1", dnai="dnai-b")
    assert (moved["dnai"], moved["zoneId"], moved["cellId"]) == (
        "dnai-b",
        "zone-b",
        sites[1]["cells"][0],
    )
    cell = sites[0]["cells"][2]
    moved = await af.move("ue-1", cellId=cell)
    assert (moved["fromDnai"], moved["dnai"], moved["dnaiChanged"]) == ("dnai-b", "dnai-a", True)
    detached = await af.move("ue-1", detached=True)
    assert detached["cellId"] is None and detached["dnai"] is None
    assert (await af.ue("ue-1"))["cellId"] is None
    for body, status in (
        ({"cellId": "nope"}, 404),
        ({"dnai": "nope"}, 404),
        ({}, 400),
    ):
        assert_problem(await af.http.post(af.base + "/admin/ues/ue-1/move", json=body), status)
    assert_problem(
        await af.http.post(af.base + "/admin/ues/ue-9/move", json={"dnai": "dnai-a"}), 404
    )
    assert_problem(await af.http.get(af.base + "/admin/ues/ue-9"), 404)


async def test_random_moves(servers: Servers, af: Af) -> None:
    nef = await start_nef(servers, move_every=0.05, ues=2)
    roaming = await make_af(af.http, nef.url)
    start = {u["ueId"]: u["cellId"] for u in await roaming.admin("GET", "/admin/ues")}

    async def moved() -> bool:
        now = {u["ueId"]: u["cellId"] for u in await roaming.admin("GET", "/admin/ues")}
        return all(now[k] != v for k, v in start.items())

    await wait_for(moved, what="both UEs to move")
