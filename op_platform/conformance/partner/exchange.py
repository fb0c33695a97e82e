"""What a handler of the partner gets and gives: the parsed call, the answer, the problem.

Handlers are plain functions ``(Call) -> Answer``; they raise :class:`Problem` for an error,
which the middleware renders as ``application/problem+json`` ProblemDetails (with ``status``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from op_platform.conformance.partner.store import Federation, Store


class Problem(Exception):
    def __init__(
        self, status: int, detail: str, cause: str = "", invalid: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.cause = cause
        self.invalid = invalid or []

    def body(self, title: str) -> dict[str, Any]:
        body: dict[str, Any] = {"title": title, "status": self.status, "detail": self.detail}
        if self.cause:
            body["cause"] = self.cause
        if self.invalid:
            body["invalidParams"] = self.invalid
        return body


@dataclass
class Answer:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Notify = Callable[[Federation, str, str | None, dict[str, Any], float], None]


@dataclass
class Call:
    store: Store
    client_id: str
    params: dict[str, str]
    body: Any
    base_url: str
    operator_id: str
    notify: Notify
    fed: Federation | None = None

    @property
    def federation(self) -> Federation:
        assert self.fed is not None
        return self.fed

    def param(self, name: str) -> str:
        return self.params[name]


def found(table: dict[str, Any], key: str, what: str) -> Any:
    if key not in table:
        raise Problem(404, f"{what} {key!r} is not known in this federation", "NOT_FOUND")
    return table[key]
