"""The key that protects secrets at rest: signing keys, partners' callback secrets, sink tokens.

``security.key_passphrase`` when it is set; otherwise a random key kept in ``security.key_file``
(default ``<data_dir>/secrets.key``), created at first start with mode 0600 (by whichever
process gets there first: replicas that share the file share the key). Nothing is stored in
clear: a lost key file makes the secrets unreadable, so back it up with the database.
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path

from op_platform.settings import Settings

KEY_BYTES = 32


def key_file(settings: Settings) -> Path:
    return settings.security.key_file or settings.data_path / "secrets.key"


@lru_cache(maxsize=16)
def _read_or_make(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        text = path.read_text(encoding="ascii").strip()
        if not text:
            raise ValueError(f"the key file {path} is empty") from None
        return text
    key = secrets.token_urlsafe(KEY_BYTES)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


def passphrase(settings: Settings) -> str:
    """The passphrase secrets at rest are sealed with (see the module doc)."""
    configured = settings.security.key_passphrase
    if configured is not None:
        return configured.get_secret_value()
    return _read_or_make(key_file(settings).resolve())
