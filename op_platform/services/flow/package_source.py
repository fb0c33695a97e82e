"""Where a standard-only partner fetches a flow's package.

The OSS's ``appPkgPath`` is often a server only the originating network reaches (a temporary
loopback server, an internal store). In the standard mapping the partner is therefore given a
location under this OP's public base URL: ``{partner_url}/flow-packages/{operationId}/content``
with a bearer token of its own per operation (``fileRepoLocation.token`` and
``artefactRepoLocation.token``). This OP serves the bytes its MEO holds for the package (the
MEO onboarded it before forwarding); the token is compared in constant time and never logged.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from op_platform.db.flow_repository import FlowRepository
from op_platform.db.tables.flow_rows import FlowOperationRow
from op_platform.errors import NotFound, Unauthenticated
from op_platform.roots import FLOW_PACKAGES
from op_platform.services.deps import Deps
from op_platform.services.flow import records as record

TOKEN_KEY = record.PACKAGE_TOKEN


@dataclass(frozen=True)
class PackageContent:
    media_type: str
    data: bytes


def package_url(partner_url: str, operation_id: str) -> str:
    return f"{partner_url}{FLOW_PACKAGES}/{operation_id}/content"


def package_token(operation: FlowOperationRow) -> str:
    """The operation's package token, made on first use (kept with the operation)."""
    token = operation.result.get(TOKEN_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        operation.result = {**operation.result, TOKEN_KEY: token}
    return token


async def content(deps: Deps, operation_id: str, token: str | None) -> PackageContent:
    """The package of an originating operation, for the holder of its token (401 otherwise;
    404 for an operation that is not one of this OP's flows toward a partner)."""
    async with deps.database.transaction() as session:
        operation = await FlowRepository(session).get(operation_id)
        if operation is None or operation.role != record.ORIGIN:
            raise NotFound(f"no package of operation {operation_id}")
        expected = operation.result.get(TOKEN_KEY)
        app_pkg_id = operation.meo_app_pkg_id
    if not (isinstance(expected, str) and token and hmac.compare_digest(expected, token)):
        raise Unauthenticated(
            "the package token of this operation is required (Authorization: Bearer)",
            headers={"WWW-Authenticate": 'Bearer realm="flow-packages"'},
        )
    if not app_pkg_id:
        raise NotFound(f"the MEO holds no package for operation {operation_id}")
    response = await deps.meo().package_content(app_pkg_id)
    media = response.headers.get("content-type", "application/octet-stream")
    return PackageContent(media, response.content)
