"""MEC 010-2 app_pkgm paths, shared by the MEO routes and its clients (OSS, OP)."""

from __future__ import annotations

from urllib.parse import quote

API_ROOT = "/app_pkgm/v1"
APP_TYPES = ("traditional", "cross-network")

PACKAGES = f"{API_ROOT}/app_packages"
PACKAGE = f"{PACKAGES}/{{appPkgId}}"
PACKAGE_APPD = f"{PACKAGE}/appd"
PACKAGE_CONTENT = f"{PACKAGE}/package_content"
ONBOARDED = f"{API_ROOT}/onboarded_app_packages/{{appDId}}"
ONBOARDED_APPD = f"{ONBOARDED}/appd"
ONBOARDED_CONTENT = f"{ONBOARDED}/package_content"
SUBSCRIPTIONS = f"{API_ROOT}/subscriptions"
SUBSCRIPTION = f"{SUBSCRIPTIONS}/{{subscriptionId}}"
USER_NOTIFICATION = f"{API_ROOT}/user_defined_notification"
VARIANT_SUFFIX = "/op_target_systems/{targetNetworkId}/apptype/{applicationType}/app_packages"
VARIANT = API_ROOT + VARIANT_SUFFIX
HEALTH = "/healthz"


def package_url(base: str, pkg_id: str) -> str:
    return f"{base.rstrip('/')}{PACKAGES}/{quote(pkg_id, safe='')}"


def package_content_url(base: str, pkg_id: str) -> str:
    return package_url(base, pkg_id) + "/package_content"


def subscription_url(base: str, sub_id: str) -> str:
    return f"{base.rstrip('/')}{SUBSCRIPTIONS}/{quote(sub_id, safe='')}"


def variant_url(root: str, target_network_id: str, application_type: str) -> str:
    """``{root}/op_target_systems/{target}/apptype/{type}/app_packages`` for any hop's API root."""
    return root.rstrip("/") + VARIANT_SUFFIX.format(
        targetNetworkId=quote(target_network_id, safe=""),
        applicationType=quote(application_type, safe=""),
    )


def api_root(meo_url: str) -> str:
    """Accept a MEO base URL with or without ``/app_pkgm/v1``; return the API root."""
    url = meo_url.rstrip("/")
    return url if url.endswith(API_ROOT) else url + API_ROOT
