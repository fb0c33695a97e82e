"""Steps of the security area: tokens the partner must refuse, and isolation between clients.

Each token check reads the federation the kit created (GetFederationDetails) with: no token, a
garbled token, an expired token (a JWT whose ``exp`` is in the past, signed with a key of the
kit's own), and a token of the kit's client with a scope other than ``fed-mgmt`` (when the token
endpoint grants one; otherwise skipped with why). Each must be answered 401 or 403 with a
ProblemDetails; a 2xx is ``token-accepted``. With a second client, the same read must be 404 or
403 (``isolation``), and so must reads of the file, artefact and application the kit made.
"""

from __future__ import annotations

import secrets
import time

import jwt
from cryptography.hazmat.primitives.asymmetric import ec

from op_platform.clients.outbound_tokens import FED_MGMT
from op_platform.conformance.session import Session, Skip
from op_platform.models.ewbi import paths

REFUSED = (401, 403)


async def _read(s: Session, token: str | None, why: str) -> None:
    ctx = s.need("ctx")
    s.note(why)
    await s.call("GetFederationDetails", paths.federation(ctx), expect=REFUSED, token=token,
                 rule="token-accepted")  # fmt: skip


async def no_token(s: Session) -> None:
    await _read(s, None, "no Authorization header")


async def garbled_token(s: Session) -> None:
    await _read(s, "kit-garbled-" + secrets.token_urlsafe(24), "a random string as bearer token")


async def expired_token(s: Session) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    now = int(time.time())
    claims = {"sub": "conformance-kit", "scope": FED_MGMT, "iat": now - 7200, "exp": now - 3600}
    token = jwt.encode(claims, key, algorithm="ES256", headers={"kid": "conformance-kit"})
    await _read(s, token, "a JWT that expired an hour ago (signed with a key of the kit's own)")


async def wrong_scope_token(s: Session) -> None:
    tried = []
    for scope in s.options.wrong_scopes:
        response = await s.http.post(
            s.tokens.token_url,
            data={"grant_type": "client_credentials", "scope": scope},
            auth=(s.tokens.client_id, s.secret),
        )
        tried.append(f"{scope}: {response.status_code}")
        answer = response.json() if response.status_code == 200 else {}
        granted = str(answer.get("scope", scope)).split()
        token = answer.get("access_token")
        if isinstance(token, str) and token and FED_MGMT not in granted:
            await _read(s, token, f"a token with scope {scope!r} only")
            return
    raise Skip("the token endpoint granted no scope other than fed-mgmt (" + ", ".join(tried) + ")")


async def isolation(s: Session) -> None:
    ctx = s.need("ctx")
    if s.second is None:
        raise Skip("no --second-client-id given")
    token = await s.second.token()
    reads = [("GetFederationDetails", paths.federation(ctx))]
    if s.state.get("file_id"):
        reads.append(("ViewFile", paths.file(ctx, s.state["file_id"])))
    if s.state.get("artefact_id"):
        reads.append(("GetArtefact", paths.artefact(ctx, s.state["artefact_id"])))
    if s.state.get("app_id"):
        reads.append(("ViewApplication", paths.onboarded_app(ctx, s.state["app_id"])))
    s.note("the second client reads what the first one made: each must be 404 or 403")
    for operation, path in reads:
        await s.call(operation, path, expect=(403, 404), token=token, rule="isolation")
