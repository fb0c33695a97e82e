"""Sealing callback secrets a partner gave us, so they are not stored in clear.

With ``security.key_passphrase`` set, a secret is encrypted with AES-GCM under a key derived from
the passphrase (scrypt); without it, it is stored marked ``plain:`` (the trade-off the signing
keys make). :func:`unseal` reads both forms, so setting a passphrase later still reads old rows.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

_SALT = b"op-platform/federation-callback-secret/v1"
_PLAIN = "plain:"
_SEALED = "aesgcm:"


@lru_cache(maxsize=4)
def _key(passphrase: str) -> bytes:
    return hashlib.scrypt(passphrase.encode(), salt=_SALT, n=2**14, r=8, p=1, dklen=32)


def seal(secret: str, passphrase: str | None) -> str:
    if not passphrase:
        return _PLAIN + secret
    nonce = os.urandom(12)
    sealed = AESGCM(_key(passphrase)).encrypt(nonce, secret.encode(), None)
    return _SEALED + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(stored: str, passphrase: str | None) -> str:
    if stored.startswith(_PLAIN):
        return stored[len(_PLAIN) :]
    if stored.startswith(_SEALED):
        if not passphrase:
            raise ValueError("a sealed callback secret needs security.key_passphrase")
        raw = base64.b64decode(stored[len(_SEALED) :])
        return AESGCM(_key(passphrase)).decrypt(raw[:12], raw[12:], None).decode()
    return stored
