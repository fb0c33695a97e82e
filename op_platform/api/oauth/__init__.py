"""The OAuth2 authorization server endpoints: token (client credentials) and JWKS."""
