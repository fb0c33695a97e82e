"""Fault prediction from trends, and what a node reading makes of the gateway's views."""

from __future__ import annotations

from op_platform.clients.redfish_views import (
    ChassisView,
    EventRecord,
    SystemView,
    Temperature,
)
from op_platform.services.edge.prediction import Trends, slope
from op_platform.services.edge.readings import NodeReading, node_readings, touched


def reading(celsius: float, at: float, *, power: float = 300.0, state: str = "On") -> NodeReading:
    system = SystemView(id="n1", uri="/redfish/v1/Systems/n1", power_state=state, health="OK")
    chassis = ChassisView(
        id="n1",
        uri="/redfish/v1/Chassis/n1",
        systems=[system.uri],
        power_watts=power,
        power_limit_watts=500,
        temperatures=[
            Temperature(
                sensor="InletTemp",
                uri="/redfish/v1/Chassis/n1/Sensors/InletTemp",
                celsius=celsius,
                upper_critical=56.0,
                reading_time=f"2026-12-02T10:{int(at) // 60:02d}:{int(at) % 60:02d}Z",
            )
        ],
    )
    return node_readings([system], [chassis])[0]


def test_slope_of_a_line_and_of_too_little() -> None:
    assert slope([(0.0, 10.0), (10.0, 20.0), (20.0, 30.0)]) == 1.0
    assert slope([(0.0, 10.0)]) is None
    assert slope([(5.0, 10.0), (5.0, 11.0)]) is None


def test_a_rising_temperature_is_predicted_to_cross_within_the_horizon() -> None:
    trends = Trends(samples=4)
    for at, celsius in ((0, 30.0), (30, 36.0), (60, 42.0)):  # 0.2 K/s
        trends.add(reading(celsius, at))
    prediction = trends.predict(reading(42.0, 60), horizon=600)
    assert prediction is not None
    assert prediction.metric == "temp:InletTemp"
    assert round(prediction.seconds) == 70  # (56 - 42) / 0.2
    assert "InletTemp" in prediction.describe() and "56 degC" in prediction.describe()
    assert trends.predict(reading(42.0, 60), horizon=60) is None  # beyond a shorter horizon


def test_flat_or_falling_readings_and_down_nodes_are_not_predicted() -> None:
    flat, falling = Trends(samples=4), Trends(samples=4)
    for at in (0, 30, 60):
        flat.add(reading(40.0, at))
        falling.add(reading(50.0 - at / 10, at))
    assert flat.predict(reading(40.0, 60), horizon=10_000) is None
    assert falling.predict(reading(44.0, 60), horizon=10_000) is None
    off = reading(55.0, 90, state="Off")
    assert off.down and flat.predict(off, horizon=10_000) is None


def test_the_same_reading_twice_is_one_sample() -> None:
    trends = Trends(samples=4)
    trends.add(reading(30.0, 0))
    trends.add(reading(30.0, 0))
    trends.add(reading(36.0, 30))
    assert trends.predict(reading(36.0, 30), horizon=600) is not None
    trends.forget("n1")
    assert trends.predict(reading(36.0, 30), horizon=600) is None


def test_a_node_reading_joins_system_and_chassis() -> None:
    r = reading(40.0, 0, power=450.0)
    assert (r.node_id, r.chassis_uri, r.down) == ("n1", "/redfish/v1/Chassis/n1", False)
    assert r.thermal_headroom == 16.0 and r.max_temperature == 40.0
    assert r.power_headroom is not None and round(r.power_headroom, 2) == 0.1
    assert [m.metric for m in r.limits] == ["temp:InletTemp", "power"]


def test_events_name_the_systems_and_chassis_to_read_again() -> None:
    records = [
        EventRecord(message_id="a", origin="/redfish/v1/Chassis/node1/Sensors/InletTemp"),
        EventRecord(message_id="b", origin="/redfish/v1/Systems/node2"),
        EventRecord(message_id="c", origin="/redfish/v1/EventService"),
        EventRecord(message_id="d", origin=None),
    ]
    assert touched(records) == {"/redfish/v1/Chassis/node1", "/redfish/v1/Systems/node2"}
