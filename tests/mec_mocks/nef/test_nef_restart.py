"""NEF mock with a database: resources and UE positions survive a restart."""

from __future__ import annotations

from pathlib import Path

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.testing import Servers
from tests.mec_mocks.nef.helpers import EAS, MON, QOS, TI, make_af, received, start_nef


async def test_restart_keeps_subscriptions_and_positions(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path, sink: tuple[Recorder, str]
) -> None:
    rec, url = sink
    db = str(tmp_path / "nef.db")
    first = await start_nef(servers, database=db)
    af = await make_af(http, first.url)
    bodies = {
        TI: {
            "afAppId": "app",
            "ipv4Addr": "10.45.0.2",
            "subscribedEvents": ["UP_PATH_CHANGE"],
            "notificationDestination": f"{url}/up",
        },
        QOS: {
            "ueIpv4Addr": "10.45.0.3",
            "flowInfo": [{"flowId": 1}],
            "qosReference": "QOS_E",
            "notificationDestination": f"{url}/qos",
        },
        EAS: {"fqdnPatternList": [{"regex": ".*"}]},
        MON: {
            "monitoringType": "LOCATION_REPORTING",
            "msisdn": "33610000001",
            "maximumNumberOfReports": 9,
            "notificationDestination": f"{url}/loc",
        },
    }
    made = {path: (await af.post(path, body)).json() for path, body in bodies.items()}
    moved = await af.move("ue-4", dnai="dnai-b")
    port = first.port
    await servers.stop(first)

    again = await start_nef(servers, database=db, port=port)
    assert again.url == first.url
    af = await make_af(http, again.url)
    for path, doc in made.items():
        assert (await af.get(path)).json() == [doc]
    assert (await af.ue("ue-4"))["cellId"] == moved["cellId"]
    assert len(await af.admin("GET", "/admin/subscriptions")) == 4

    ue = await af.ue("ue-1")
    await af.move("ue-1", cellId=await af.other_cell("ue-1", same_dnai=False))
    (up,) = await received(rec, 1, "/up")
    assert up["sourceDnai"] == ue["dnai"]
    (loc,) = await received(rec, 1, "/loc")
    assert loc["subscription"] == made[MON]["self"]


async def test_without_database_state_is_lost(servers: Servers, http: httpx.AsyncClient) -> None:
    first = await start_nef(servers)
    af = await make_af(http, first.url)
    await af.post(EAS, {"fqdnPatternList": [{"regex": ".*"}]})
    port = first.port
    await servers.stop(first)
    again = await start_nef(servers, port=port)
    af = await make_af(http, again.url)
    assert (await af.get(EAS)).json() == []
