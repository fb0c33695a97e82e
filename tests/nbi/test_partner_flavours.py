"""Choosing among a partner's advertised flavours."""

from __future__ import annotations

from op_platform.services.zones.partner_flavours import advertised, choose

SMALL = {"flavourId": "b-small", "numCPU": 2, "memorySize": 4096}
LARGE = {"flavourId": "b-large", "numCPU": 8, "memorySize": 16384}


def test_the_smallest_that_fits_is_chosen() -> None:
    assert choose([LARGE, SMALL], 1, 1024) == "b-small"
    assert choose([LARGE, SMALL], 4, 1024) == "b-large"


def test_the_largest_when_none_fits_and_nothing_when_none_is_known() -> None:
    assert choose([SMALL, LARGE], 64, 1024) == "b-large"
    assert choose([], 1, 1024) is None


def test_advertised_reads_what_the_subscription_answer_stored() -> None:
    resources = {"zone-b": {"registered": {"flavoursSupported": [SMALL, {"bad": 1}]}}}
    assert advertised(resources, "zone-b") == [SMALL]
    assert advertised(resources, "zone-c") == []
