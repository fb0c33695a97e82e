"""An OP offering Quality-on-Demand over a NEF mock, with an http sink that records events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from mec_mocks.common.recorder import Recorder
from mec_mocks.common.serving import RunningServer
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.helpers.servers import QOD_SCOPES, TEST_CLIENT, TEST_SECRET
from tests.network.helpers import AF_SECRET, NefLab

ROOT = "/quality-on-demand/v1"
SPEC = "qod.yaml"
SINK_TOKEN = "sink-secret-token"
PROFILES = {
    "QOS_E": {"qos_reference": "QOS_E", "max_duration": 3600},
    "QOS_S": {"qos_reference": "QOS_S", "max_duration": 100},
    "QOS_L": {"qos_reference": "QOS_L", "status": "INACTIVE"},
    "QOS_GOLD": {"qos_reference": "GOLD"},  # a reference the NEF does not know
}
QOD_SETTINGS: dict[str, Any] = {
    "nbi": {"allow_http_sinks": True},
    "nef": {
        "client_secret": AF_SECRET,
        "sync_interval": 0.1,
        "session_check_interval": 0.1,
        "qos_profiles": PROFILES,
    },
}


def phone(ue: int) -> str:
    """The phone number of the NEF mock's UE ``ue-<ue>``."""
    return f"+3361{ue:07d}"


@dataclass
class Qod:
    lab: NefLab
    sink: Recorder
    sink_server: RunningServer
    headers: dict[str, str]

    def url(self, path: str) -> str:
        return self.lab.op.url + ROOT + path

    def body(self, ue: int = 1, **overrides: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "device": {"phoneNumber": phone(ue)},
            "applicationServer": {"ipv4Address": "203.0.113.10"},
            "qosProfile": "QOS_E",
            "duration": 600,
            "sink": self.sink_server.url + "/qod-events",
            "sinkCredential": {
                "credentialType": "ACCESSTOKEN",
                "accessToken": SINK_TOKEN,
                "accessTokenExpiresUtc": "2099-01-01T00:00:00Z",
                "accessTokenType": "bearer",
            },
        }
        body.update(overrides)
        return body

    def events(self, session_id: str) -> list[dict[str, Any]]:
        return [
            r.body
            for r in self.sink.received
            if isinstance(r.body, dict) and r.body.get("data", {}).get("sessionId") == session_id
        ]

    def statuses(self, session_id: str) -> list[tuple[str, str | None]]:
        return [
            (e["data"]["qosStatus"], e["data"].get("statusInfo")) for e in self.events(session_id)
        ]


async def qod_headers(
    http: httpx.AsyncClient, base_url: str, scope: str | None = None
) -> dict[str, str]:
    wanted = scope or " ".join(QOD_SCOPES)
    return bearer(await fetch_token(http, base_url, TEST_CLIENT, TEST_SECRET, wanted))


def assert_error(
    response: httpx.Response, operation: str, status: int, code: str, spec: str = SPEC
) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code, response.text
    assert_conforms(response, operation, spec)
