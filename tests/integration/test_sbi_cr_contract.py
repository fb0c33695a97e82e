"""OP1's SBI-CR answers, as its MEO sees them, match openapi/sbi-cr.yaml."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx

from mec_mocks.oss.package import make_package
from mec_mocks.testing import Servers
from op_platform.demo.topology import Operator, meo_client, start_all, stop_all
from op_platform.models.ewbi.paths import variant_packages as variant_path
from tests.helpers.auth import bearer, fetch_token
from tests.helpers.contract import assert_conforms
from tests.integration.flow_helpers import federate, operators

SPEC = "sbi-cr.yaml"


async def meo_headers(http: httpx.AsyncClient, operator: Operator) -> dict[str, str]:
    """The bearer token of the operator's MEO at its OP (scope sbi-cr)."""
    client = next(
        c for c in operator.settings.clients if c.client_id == meo_client(operator.operator_id)
    )
    secret = client.client_secret.get_secret_value()
    return bearer(await fetch_token(http, operator.op.url, client.client_id, secret, "sbi-cr"))


async def test_forward_answers_conform(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]], http: httpx.AsyncClient
) -> None:
    ops = await operators(tmp_path, new_database)
    one, two = ops
    files = Servers(tmp_path)
    await start_all(ops)
    try:
        await federate(one, two)
        made = make_package(tmp_path / "app.zip", name="Contract App", version="1.0.0")
        body = {
            "appPkgName": "Contract App",
            "appPkgVersion": "1.0.0",
            "appProvider": "ACME",
            "appPkgPath": f"{(await files.files()).url}/app.zip",
            "checksum": {"algorithm": "SHA-256", "hash": made.checksum},
        }
        url = f"{one.op.url}/sbi-cr/v1" + variant_path(two.network_id, "cross-network")
        meo = await meo_headers(http, one)
        forwarded = await http.post(url, json=body, headers=meo)
        assert forwarded.status_code == 201, forwarded.text
        assert_conforms(forwarded, "forwardAppPackage", spec=SPEC)
        assert forwarded.json()["remote"]["mode"] == "variant"

        await two.op.stop()
        queued = await http.post(url, json={**body, "appPkgVersion": "1.0.1"}, headers=meo)
        assert queued.status_code == 202, queued.text
        assert_conforms(queued, "forwardAppPackage", spec=SPEC)
        assert queued.headers["Location"] == queued.json()["href"]
        assert queued.json()["state"] == "FORWARDING"

        unknown = (
            f"{one.op.url}/sbi-cr/v1/op_target_systems/99999/apptype/cross-network/app_packages"
        )
        missing = await http.post(unknown, json=body, headers=meo)
        assert missing.status_code == 404
        assert_conforms(missing, "forwardAppPackage", spec=SPEC)
    finally:
        await files.close()
        await stop_all(ops)
