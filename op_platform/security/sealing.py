"""Sealing secrets kept in the database (partners' callback secrets, sink tokens), so they are
not stored in clear: AES-GCM under a key derived (scrypt) from the at-rest passphrase
(:mod:`op_platform.security.at_rest`). :func:`unseal` still reads rows stored ``plain:`` by
earlier versions.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import lru_cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from op_platform.security import at_rest
from op_platform.settings import Settings

_SALT = b"op-platform/federation-callback-secret/v1"
_PLAIN = "plain:"
_SEALED = "aesgcm:"


@lru_cache(maxsize=4)
def _key(passphrase: str) -> bytes:
    return hashlib.scrypt(passphrase.encode(), salt=_SALT, n=2**14, r=8, p=1, dklen=32)


def seal(secret: str, settings: Settings) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(at_rest.passphrase(settings))).encrypt(nonce, secret.encode(), None)
    return _SEALED + base64.b64encode(nonce + sealed).decode("ascii")


def unseal(stored: str, settings: Settings) -> str:
    if stored.startswith(_PLAIN):
        return stored[len(_PLAIN) :]
    if stored.startswith(_SEALED):
        raw = base64.b64decode(stored[len(_SEALED) :])
        key = _key(at_rest.passphrase(settings))
        return AESGCM(key).decrypt(raw[:12], raw[12:], None).decode()
    return stored
