"""Domain records <-> wire models."""

from __future__ import annotations

import time
import uuid
from typing import Any

from mec_mocks.meo import paths
from mec_mocks.meo.models import (
    AppPkgInfo,
    AppPkgInfoLinks,
    AppPkgSubscriptionInfo,
    LinkType,
)
from mec_mocks.meo.records import PackageRecord, SubscriptionRecord


def package_info(rec: PackageRecord, base_url: str, network_id: str) -> AppPkgInfo:
    self_url = paths.package_url(base_url, rec.id)
    appd = rec.appd or {}
    return AppPkgInfo.model_validate(
        {
            "id": rec.id,
            "appDId": appd.get("appDId"),
            "appProvider": appd.get("appProvider", rec.app_provider),
            "appName": appd.get("appName", rec.app_pkg_name),
            "appSoftwareVersion": appd.get("appSoftVersion", rec.app_pkg_version),
            "appDVersion": appd.get("appDVersion"),
            "checksum": rec.checksum,
            "softwareImages": rec.software_images,
            "additionalArtifacts": rec.additional_artifacts,
            "onboardingState": rec.onboarding_state,
            "operationalState": rec.operational_state,
            "usageState": rec.usage_state,
            "onboardingFailureDetails": rec.failure,
            "userDefinedData": rec.user_defined_data,
            "x-networkId": network_id,
            "x-applicationType": rec.application_type,
            "x-targetNetworkId": rec.target_network_id,
            "x-remoteOnboarding": [r.model_dump(exclude_none=True) for r in rec.remote]
            if rec.remote
            else None,
            "_links": AppPkgInfoLinks.model_validate(
                {
                    "self": LinkType(href=self_url),
                    "appD": LinkType(href=self_url + "/appd"),
                    "appPkgContent": LinkType(href=self_url + "/package_content"),
                }
            ),
        }
    )


def info_dict(rec: PackageRecord, base_url: str, network_id: str) -> dict[str, Any]:
    return package_info(rec, base_url, network_id).model_dump(
        by_alias=True, exclude_none=True, mode="json"
    )


def subscription_info(rec: SubscriptionRecord, base_url: str) -> AppPkgSubscriptionInfo:
    return AppPkgSubscriptionInfo.model_validate(
        {
            "id": rec.id,
            "subscriptionType": rec.subscription_type,
            "callbackUri": rec.callback_uri,
            "appPkgFilter": rec.app_pkg_filter,
            "_links": {"self": {"href": paths.subscription_url(base_url, rec.id)}},
        }
    )


def notification(
    rec: PackageRecord,
    sub: SubscriptionRecord,
    notification_type: str,
    *,
    base_url: str,
    network_id: str,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """AppPkgNotification (v3 spelling) plus the x- extensions documented in openapi/README.md."""
    now = time.time()
    body: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "notificationType": notification_type,
        "subscriptionId": sub.id,
        "timeStamp": {"seconds": int(now), "nanoSeconds": int((now % 1) * 1e9)},
        "appPkgId": rec.id,
        "appDId": rec.app_d_id or "",
        "operationalState": rec.operational_state.value,
        "_links": {
            "subscription": {"href": paths.subscription_url(base_url, sub.id)},
            "appPkg": {"href": paths.package_url(base_url, rec.id)},
        },
        "x-networkId": network_id,
    }
    if rec.application_type:
        body["x-applicationType"] = rec.application_type
    if rec.target_network_id:
        body["x-targetNetworkId"] = rec.target_network_id
    body.update(extra or {})
    return body
