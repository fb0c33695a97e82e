"""SBI-CR and SBI-NR wire models: MEC 010-2 bodies and network CloudEvents."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from op_platform.models import sbi

PACKAGE: dict[str, Any] = {
    "appPkgName": "arena_game",
    "appPkgVersion": "2.1.0",
    "appProvider": "GameStudio01",
    "appPkgPath": "file:///srv/packages/arena_game-2.1.0.zip",
    "checksum": {"algorithm": "SHA-256", "hash": "9f86d081884c7d65"},
    "userDefinedData": {"homeNetworkId": "46000"},
}


def error_fields(exc: ValidationError) -> set[str]:
    return {".".join(str(part) for part in error["loc"]) for error in exc.errors()}


def test_create_app_pkg_round_trips_and_names_missing_fields() -> None:
    assert sbi.CreateAppPkg.model_validate(PACKAGE).wire() == PACKAGE
    broken = {**PACKAGE, "checksum": {"algorithm": "SHA-256"}}
    with pytest.raises(ValidationError) as info:
        sbi.CreateAppPkg.model_validate(broken)
    assert "checksum.hash" in error_fields(info.value)


def test_notification_reads_links_and_rejects_the_old_spelling() -> None:
    body = {
        "id": "n1",
        "notificationType": "AppPackageOnBoarded",
        "subscriptionId": "s1",
        "timeStamp": {"seconds": 1740823530, "nanoSeconds": 0},
        "appPkgId": "p1",
        "appDId": "d1",
        "operationalState": "ENABLED",
        "_links": {"subscription": {"href": "http://meo1/app_pkgm/v1/subscriptions/s1"}},
    }
    notification = sbi.AppPkgNotification.model_validate(body)
    assert notification.notificationType is sbi.AppPkgNotificationType.ON_BOARDED
    assert notification.wire() == body
    with pytest.raises(ValidationError) as info:
        sbi.AppPkgNotification.model_validate({**body, "notificationType": "AppPacakgeEnabled"})
    assert "notificationType" in error_fields(info.value)


def test_forwarded_answer_keeps_what_the_partner_said() -> None:
    answer = sbi.ForwardedOnboarding.model_validate(
        {
            "operationId": "7c0f5b1e-2a3d-4b5c-9d6e-7f8091a2b3c4",
            "targetNetworkId": "46001",
            "applicationType": "cross-network",
            "federationContextId": "fed-1",
            "partnerId": "op2",
            "state": "PROCESSING",
            "remote": {"mode": "standard", "status": 202, "appId": "arena_game_app", "extra": 1},
        }
    )
    assert answer.remote.wire()["extra"] == 1
    with pytest.raises(ValidationError) as info:
        sbi.ForwardedOnboarding.model_validate({**answer.wire(), "applicationType": "hybrid"})
    assert "applicationType" in error_fields(info.value)


def test_problem_carries_the_partner_problem() -> None:
    problem = sbi.ProblemDetails(
        title="Bad Gateway",
        status=502,
        cause="PARTNER_REFUSED",
        upstream=sbi.UpstreamError(partnerId="op2", status=422, problem={"title": "no"}),
    )
    assert sbi.ProblemDetails.model_validate(problem.wire()) == problem


def test_network_events() -> None:
    qos = sbi.EventQosStatusChanged.model_validate(
        {
            "id": "e1",
            "source": "https://nef1/qod",
            "specversion": "1.0",
            "type": sbi.QOS_STATUS_CHANGED,
            "time": "2025-03-01T10:15:30Z",
            "data": {"sessionId": "3fa85f64-5717-4562-b3fc-2c963f66afa6", "qosStatus": "AVAILABLE"},
        }
    )
    assert qos.data.statusInfo is None
    with pytest.raises(ValidationError) as info:
        sbi.EventQosStatusChanged.model_validate(
            {
                **qos.wire(),
                "data": {
                    "sessionId": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
                    "qosStatus": "REQUESTED",
                },
            }
        )
    assert "data.qosStatus" in error_fields(info.value)
    with pytest.raises(ValidationError) as info:
        sbi.EventTrafficInfluenceChanged.model_validate(
            {**qos.wire(), "data": {"trafficInfluenceID": "ti-1", "state": "active"}}
        )
    assert "type" in error_fields(info.value)
