"""Inbound security: client secrets, signing keys, JWT access tokens, scopes.

passwords.py   scrypt hashes of client secrets (per-secret salt, constant-time compare)
signing.py     asymmetric signing keys (EC P-256, ES256), PEM encryption, JWKs
tokens.py      issue and verify JWT access tokens
store.py       repositories for clients and keys (never commit)
service.py     SecurityService: bootstrap, clients, rotation, token issue/verify
principal.py   the authenticated caller of a request
middleware.py  require_scopes(...): bearer-token middleware for a sub-application
"""
