"""Asymmetric token signing keys: EC P-256 (ES256), made with ``cryptography``.

The private key is stored as PKCS#8 PEM, encrypted with the configured passphrase when there is
one (``security.key_passphrase``). The ``kid`` is the key's RFC 7638 JWK thumbprint.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.algorithms import ECAlgorithm

ALGORITHM = "ES256"


@dataclass(frozen=True)
class KeyMaterial:
    """A usable signing key: its id, the private key object and its public JWK."""

    kid: str
    private_key: ec.EllipticCurvePrivateKey
    public_jwk: dict[str, Any]
    created_at: datetime
    retire_after: datetime | None = None

    @property
    def public_key(self) -> ec.EllipticCurvePublicKey:
        return self.private_key.public_key()


def _thumbprint(jwk: dict[str, Any]) -> str:
    members = {name: jwk[name] for name in ("crv", "kty", "x", "y")}
    canonical = json.dumps(members, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(hashlib.sha256(canonical).digest()).decode().rstrip("=")


def public_jwk(key: ec.EllipticCurvePrivateKey) -> dict[str, Any]:
    jwk: dict[str, Any] = ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk["kid"] = _thumbprint(jwk)
    jwk["use"] = "sig"
    jwk["alg"] = ALGORITHM
    return jwk


def generate_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def dump_private(key: ec.EllipticCurvePrivateKey, passphrase: bytes | None) -> str:
    encryption: serialization.KeySerializationEncryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    ).decode()


def load_private(pem: str, passphrase: bytes | None) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=passphrase)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("signing key is not an EC private key")
    return key
