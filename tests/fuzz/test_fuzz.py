"""schemathesis against every served interface, with the project's own OpenAPI files.

Each interface is one test: every operation, its examples and generated requests (a fixed seed),
with valid tokens and seeded resources. Any 5xx, any status, content type, header or body the
file does not document fails it. The counts (operations, requests, 2xx answers) are printed in
the run's summary.
"""

from __future__ import annotations

import pytest

from tests.fuzz.conftest import TALLIES
from tests.fuzz.lab import Lab
from tests.fuzz.runner import fuzz

INTERFACES = [
    "nbi",
    "uni",
    "ewbi",
    "ewbi-callbacks",
    "sbi-cr",
    "sbi-nr",
    "sbi-edge",
    "qod",
    "traffic-influence",
    "admin",
    "oauth",
    "meo",
    "nef",
]
# Interfaces whose every operation needs what no generated request has: SBI-NR's receivers take
# only URLs this OP gave its NEF (an HMAC token per resource) or events about its own sessions;
# SBI-Edge takes events only from a watched site's gateway, with the token the OP gave it (the
# lab watches none). Their 2xx answers are proven by tests/network and tests/edge; here they
# must still never fail.
NO_2XX = {"sbi-nr", "sbi-edge"}
EXAMPLES = 10
NEGATIVE = 5
# schemathesis draws from ``random`` inside its strategies, which Hypothesis warns about.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisDeprecationWarning")


@pytest.mark.parametrize("name", INTERFACES)
def test_fuzz_interface(lab: Lab, name: str) -> None:
    tally = fuzz(lab.targets[name], EXAMPLES, NEGATIVE)
    TALLIES.append(tally)
    print(tally.line())
    report = "\n".join(
        f"{label}:\n    " + "\n    ".join(found) for label, found in tally.failures.items()
    )
    assert not tally.failures, f"{tally.line()}\n{report}"
    if name not in NO_2XX:
        assert tally.success > 0, f"{tally.spec}: no request was answered 2xx"
