"""Pure ranking and device identification rules."""

from __future__ import annotations

import pytest

from op_platform.errors import MissingIdentifier, UnsupportedIdentifier
from op_platform.models.uni import Device
from op_platform.services.discovery.device_location import locate
from op_platform.services.discovery.edge_discovery import (
    Candidate,
    closest,
    parse_geolocation,
    rank,
)
from op_platform.settings import Cell
from op_platform.settings import Device as Configured

MADRID = (40.4168, -3.7038)


def test_nearest_first_unplaced_last_in_hint_order() -> None:
    candidates = [
        Candidate("far", "op1", (48.85, 2.35)),
        Candidate("unknown-2", "op2", None, hint=2),
        Candidate("near", "op2", (40.45, -3.69)),
        Candidate("unknown-1", "op2", None, hint=1),
    ]
    ranked = rank(MADRID, candidates)
    assert [r.candidate.zone_id for r in ranked] == ["near", "far", "unknown-1", "unknown-2"]
    assert ranked[0].distance_km is not None and ranked[0].distance_km < 5
    assert 1000 < (ranked[1].distance_km or 0) < 1100  # Madrid-Paris ~1050 km
    assert ranked[2].distance_km is None


def test_ties_are_stable_and_empty_has_no_closest() -> None:
    a = Candidate("z-b", "op1", MADRID)
    b = Candidate("z-a", "op1", MADRID)
    assert [r.candidate.zone_id for r in rank(MADRID, [a, b])] == ["z-a", "z-b"]
    assert closest(MADRID, []) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("40.41,-3.70", (40.41, -3.70)),
        ("40.41, -3.70", (40.41, -3.70)),
        ("", None),
        (None, None),
        ("north", None),
        ("91.0,0", None),
        ("40.41", None),
    ],
)
def test_parse_geolocation(text: str | None, expected: tuple[float, float] | None) -> None:
    assert parse_geolocation(text) == expected


CELLS = [Cell(mcc=214, mnc=1, cell_id=9, latitude=41.0, longitude=2.0)]
DEVICES = [
    Configured(phone_number="+34600000001", cell={"mcc": 214, "mnc": 1, "cell_id": 9}),  # type: ignore[arg-type]
    Configured(ipv6_address="2001:db8::1", latitude=1.0, longitude=2.0),
]
ALL = ["phoneNumber", "networkAccessIdentifier", "ipv4Address", "ipv6Address"]


def test_locate_by_cell_and_by_normalised_ipv6() -> None:
    found = locate(Device(phoneNumber="+34600000001"), DEVICES, CELLS, ALL)
    assert found is not None and found.position == (41.0, 2.0)
    assert found.used == {"phoneNumber": "+34600000001"}
    found = locate(Device(ipv6Address="2001:0db8:0::1"), DEVICES, CELLS, ALL)
    assert found is not None and found.position == (1.0, 2.0)


def test_first_supported_identifier_is_used_even_if_another_would_match() -> None:
    device = Device(phoneNumber="+34699999999", ipv6Address="2001:db8::1")
    assert locate(device, DEVICES, CELLS, ALL) is None
    found = locate(device, DEVICES, CELLS, ["ipv6Address"])
    assert found is not None and found.used == {"ipv6Address": "2001:db8::1"}


def test_identifier_errors() -> None:
    with pytest.raises(MissingIdentifier):
        locate(None, DEVICES, CELLS, ALL)
    with pytest.raises(UnsupportedIdentifier):
        locate(Device(networkAccessIdentifier="a@b"), DEVICES, CELLS, ["phoneNumber"])


def test_settings_reject_devices_without_place_or_with_unknown_cell() -> None:
    from pydantic import ValidationError

    from op_platform.settings import Settings

    with pytest.raises(ValidationError):
        Configured(phone_number="+34600000001")
    with pytest.raises(ValidationError):
        Configured(latitude=1.0, longitude=2.0)
    with pytest.raises(ValidationError, match="not in cells"):
        Settings(
            operator_id="op",
            country_code="ES",
            devices=[{"phone_number": "+34600000001", "cell": {"mcc": 1, "mnc": 1, "cell_id": 1}}],  # type: ignore[list-item]
        )
