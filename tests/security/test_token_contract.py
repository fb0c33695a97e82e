"""The token endpoint's answers match openapi/oauth.yaml (RFC 6749 errors as application/json)."""

import httpx

from tests.helpers.contract import assert_conforms
from tests.helpers.servers import TEST_CLIENT, TEST_SECRET, RunningOp


async def test_token_answers_conform(op: RunningOp, http: httpx.AsyncClient) -> None:
    url = f"{op.url}/oauth2/token"
    good = await http.post(
        url,
        data={"grant_type": "client_credentials", "scope": "fed-mgmt"},
        auth=(TEST_CLIENT, TEST_SECRET),
    )
    assert good.status_code == 200
    assert_conforms(good, "IssueToken", spec="oauth.yaml")
    bad_grant = await http.post(
        url, data={"grant_type": "password"}, auth=(TEST_CLIENT, TEST_SECRET)
    )
    assert bad_grant.status_code == 400
    assert bad_grant.json()["error"] == "unsupported_grant_type"
    assert_conforms(bad_grant, "IssueToken", spec="oauth.yaml")
    bad_client = await http.post(
        url, data={"grant_type": "client_credentials"}, auth=(TEST_CLIENT, "wrong-secret")
    )
    assert bad_client.status_code == 401 and bad_client.json()["error"] == "invalid_client"
    assert_conforms(bad_client, "IssueToken", spec="oauth.yaml")
    keys = await http.get(f"{op.url}/.well-known/jwks.json")
    assert_conforms(keys, "GetJwks", spec="oauth.yaml")
