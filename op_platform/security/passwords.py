"""Client secrets: scrypt with a per-secret random salt, compared in constant time.

A stored hash reads ``scrypt$<log2 n>$<r>$<p>$<salt b64>$<hash b64>`` so parameters can grow
without breaking old hashes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

LOG2_N = 14
R = 8
P = 1
DKLEN = 32
SALT_BYTES = 16


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _derive(secret: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    n = 1 << log2_n
    return hashlib.scrypt(
        secret.encode(), salt=salt, n=n, r=r, p=p, dklen=DKLEN, maxmem=256 * n * r + 1024 * 1024
    )


def hash_secret(secret: str) -> str:
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(secret, salt, LOG2_N, R, P)
    return f"scrypt${LOG2_N}${R}${P}${_b64(salt)}${_b64(digest)}"


def verify_secret(secret: str, stored: str) -> bool:
    """True when ``secret`` matches ``stored``; False for a wrong secret or a malformed hash."""
    try:
        scheme, log2_n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = _unb64(digest)
        actual = _derive(secret, _unb64(salt), int(log2_n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def generate_secret() -> str:
    """A new random client secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)
