"""A MEC 010-2 package as the standard OPG.04 operations carry it, toward partners without the
onboarding variant (see :mod:`op_platform.services.applications.standard_onboarding`).

Every id is derived from the package key, so a retried flow sends the same requests and a
partner's 409 means "already there".
"""

from __future__ import annotations

import uuid
from typing import Any

from op_platform.clients.ewbi.calls import EwbiCall
from op_platform.clients.ewbi.forms import label, version
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.services.applications.standard_onboarding import StandardApp, standard_calls
from op_platform.services.identifiers import ewbi_provider_id

_NAMESPACE = uuid.UUID("0b8f8d3e-4c1a-5e55-8f0a-7d3c2b1a0e9f")


def ids(operation: FlowOperationRow) -> dict[str, str]:
    key = operation.package_key
    return {
        "fileId": str(uuid.uuid5(_NAMESPACE, "file:" + key)),
        "artefactId": str(uuid.uuid5(_NAMESPACE, "artefact:" + key)),
        "name": label(operation.app_pkg_name, key),
        "version": version(operation.app_pkg_version),
        "provider": ewbi_provider_id(operation.app_provider),
    }


def standard_app(operation: FlowOperationRow, image_url: str, token: str | None) -> StandardApp:
    names = ids(operation)
    return StandardApp(
        key=operation.package_key,
        app_id=operation.remote_app_id or "",
        provider=names["provider"],
        name=names["name"],
        version=names["version"],
        file_id=names["fileId"],
        artefact_id=names["artefactId"],
        description=f"package {operation.app_pkg_name}",
        image_url=image_url,
        repo_token=token,
        checksum=operation.checksum_hash,
    )


def requests(
    operation: FlowOperationRow,
    status_link: str,
    zones: list[dict[str, Any]],
    country: str,
    *,
    image_url: str | None = None,
    token: str | None = None,
) -> list[EwbiCall[None]]:
    """The three standard calls for the operation's package, in order. ``image_url`` is where
    the partner fetches the package (default: the path the OSS gave)."""
    url = image_url or str(operation.request_body.get("appPkgPath", ""))
    placed = [(country, str(zone["zoneId"])) for zone in zones]
    return standard_calls(
        operation.federation_context_id or "",
        standard_app(operation, url, token),
        placed,
        status_link,
    )
