"""Callbacks the kit expects, and the verdict on each once the run is over.

A step that registers a callback link says which callback it expects and how to recognise it
(``match`` on the body). The verdict, one result per expectation named ``callback:<name>``: it
arrived (else ``callback-missing``), before its deadline (else ``callback-late``, with the
time), with a bearer token the receiver issued to the credentials the kit gave
(else ``callback-auth``) and with a valid body (schema findings with their JSON paths).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from op_platform.conformance.findings import Finding, Result
from op_platform.conformance.receiver import Callback, Receiver
from op_platform.conformance.validate import Validator

Match = Callable[[Any], bool]


@dataclass
class Expectation:
    name: str
    area: str
    why: str
    match: Match | None
    registered: float
    deadline: float
    waited: bool = False

    def arrived(self, receiver: Receiver) -> list[Callback]:
        return [c for c in receiver.matching(self.name, self.match) if c.at >= self.registered]


async def wait(receiver: Receiver, expectation: Expectation, now: float) -> Callback | None:
    """The callback once it arrives, or None at its deadline."""
    expectation.waited = True
    remaining = max(0.0, expectation.deadline - now)
    found = expectation.arrived(receiver)
    if found:
        return found[0]
    got = await receiver.wait(expectation.name, expectation.match, remaining)
    return got if got is not None and got.at >= expectation.registered else None


def verdict(expectation: Expectation, receiver: Receiver, validator: Validator) -> Result:
    result = Result(f"callback:{expectation.name}", expectation.area, None)
    result.notes.append(expectation.why)
    arrived = expectation.arrived(receiver)
    if not arrived:
        limit = round(expectation.deadline - expectation.registered, 1)
        result.fail(Finding("callback-missing", "$", f"within {limit} s", "never arrived"))
        return result
    first = arrived[0]
    result.exchanges.extend(c.exchange for c in arrived)
    if first.at > expectation.deadline:
        late = round(first.at - expectation.registered, 2)
        limit = round(expectation.deadline - expectation.registered, 2)
        result.fail(Finding("callback-late", "$", f"within {limit} s", f"after {late} s"))
    for callback in arrived:
        if not callback.authorized:
            shown = "no bearer token" if not callback.authorization else "a token not issued here"
            wanted = "a bearer token from partnerCallbackCredentials"
            result.fail(Finding("callback-auth", "$headers.Authorization", wanted, shown))
        result.add(validator.callback(callback.name, callback.body))
    result.notes.extend(validator.take_notes())
    result.notes.append(
        f"{len(arrived)} received; first after {first.at - expectation.registered:.2f} s"
    )
    return result
