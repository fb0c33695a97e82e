"""Clients and paths shared by the security tests."""

from __future__ import annotations

PARTNER = "op-b"
SECRET = "op-b-secret-value"
OTHER = "other-client"
OTHER_SECRET = "other-secret-value"
OTHER_SCOPE = "edge-application-management:apps:read"
CLIENTS = [
    {"client_id": PARTNER, "client_secret": SECRET},
    {"client_id": OTHER, "client_secret": OTHER_SECRET, "scopes": [OTHER_SCOPE]},
]
TOKEN = "/oauth2/token"
JWKS = "/.well-known/jwks.json"
PROTECTED = "/operatorplatform/federation/v1/fed-ctx-1/partner"
CALLBACK = "/operatorplatform/fedcallbacks/v1/onPartnerStatusEvent"
