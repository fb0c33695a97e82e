"""Two OPs over HTTPS with mutual TLS: they federate and run the cross-network flow; a partner
presenting no certificate, or one from another CA, is refused at the handshake; a token bound
to one certificate is refused with another (RFC 8705)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import httpx
import pytest

from op_platform.demo.topology import Operator, build, start_all, stop_all
from op_platform.models.ewbi import paths
from op_platform.security.certs import issue, load_ca, make_ca
from tests.integration.flow_helpers import federate, onboard_at, package


@pytest.fixture
async def pair(
    tmp_path: Path, new_database: Callable[[str], Awaitable[str]]
) -> AsyncIterator[list[Operator]]:
    databases = [await new_database(f"op{n + 1}") for n in range(2)]
    ops = build(2, tmp_path, databases=databases, tls=True)
    await start_all(ops)
    try:
        yield ops
    finally:
        await stop_all(ops)


REFUSED = (httpx.ConnectError, httpx.ReadError)


def partner_root(op: Operator) -> str:
    return f"https://127.0.0.1:{op.settings.listen.partner_port}"


async def test_federation_and_flow_over_mutual_tls(pair: list[Operator], tmp_path: Path) -> None:
    one, two = pair
    await federate(one, two)
    result = await onboard_at(one, two, package(tmp_path), "cross-network")
    assert result.ok, result
    assert [r["remoteState"] for r in result.remote] == ["ONBOARDED"]
    async with httpx.AsyncClient(verify=one.verify()) as http:
        records = (await http.get(one.op.url + "/admin/federations")).json()
    [record] = records
    assert record["status"] == "AVAILABLE"
    assert record["federation_context_id"]  # created over the partner port, with certificates


async def test_the_partner_port_refuses_a_missing_or_foreign_certificate(
    pair: list[Operator], tmp_path: Path
) -> None:
    _, two = pair
    url = partner_root(two) + "/healthz"
    async with httpx.AsyncClient(verify=two.verify()) as anonymous:
        with pytest.raises(REFUSED):  # TLS 1.3: the client learns it when it reads
            await anonymous.get(url)
    other = make_ca(tmp_path / "other-ca", name="Another CA")
    stranger = issue(other, "stranger", dns=["localhost"], ips=["127.0.0.1"])
    async with httpx.AsyncClient(
        verify=two.verify((str(stranger.cert), str(stranger.key)))
    ) as foreign:
        with pytest.raises(REFUSED):
            await foreign.get(url)
    lab = load_ca(tmp_path / "pki")
    mine = issue(lab, "op-1-again", dns=["localhost"], ips=["127.0.0.1"])
    async with httpx.AsyncClient(verify=two.verify((str(mine.cert), str(mine.key)))) as ok:
        assert (await ok.get(url)).status_code == 200


async def test_a_token_bound_to_one_certificate_is_refused_with_another(
    pair: list[Operator], tmp_path: Path
) -> None:
    one, two = pair
    lab = load_ca(tmp_path / "pki")
    own = issue(lab, "op-1-client", dns=["localhost"], ips=["127.0.0.1"])
    other = issue(lab, "mallory", dns=["localhost"], ips=["127.0.0.1"])
    partner = next(p for p in one.settings.partners if p.id == two.operator_id)
    secret = partner.client_secret.get_secret_value()
    root = partner_root(two)
    async with httpx.AsyncClient(verify=two.verify((str(own.cert), str(own.key)))) as a:
        answer = await a.post(
            root + paths.OAUTH_TOKEN,
            data={"grant_type": "client_credentials", "scope": "fed-mgmt"},
            auth=(partner.client_id, secret),
        )
        assert answer.status_code == 200, answer.text
        token = answer.json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        url = root + paths.EWBI_ROOT + paths.federation("no-such-context")
        assert (await a.get(url, headers=bearer)).status_code == 404  # accepted, then not found
    async with httpx.AsyncClient(verify=two.verify((str(other.cert), str(other.key)))) as b:
        refused = await b.get(url, headers=bearer)
    assert refused.status_code == 401, refused.text
    assert "bound to another client certificate" in refused.json()["detail"]
