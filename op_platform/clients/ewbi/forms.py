"""Building EWBI request bodies from free text: names and labels that fit the EWBI patterns,
versions, and multipart/form-data uploads (object-valued fields as JSON text)."""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

VERSION = re.compile(r"^([0-9]{1,2}\.)?([0-9]{1,2}\.)?([0-9]{1,2})$")


def label(text: str, salt: str, size: int = 32) -> str:
    """An EWBI name/label (``^[A-Za-z][A-Za-z0-9_]{7,size-1}$``) made from free text."""
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", text)
    if not cleaned[:1].isalpha():
        cleaned = "a" + cleaned
    digest = hashlib.sha256(salt.encode()).hexdigest()
    name = (cleaned[: size - 9] + "_" + digest)[:size]
    return name


def version(text: str) -> str:
    return text if VERSION.match(text) else "1"


def multipart(fields: dict[str, Any]) -> tuple[bytes, str]:
    """A multipart/form-data body (object fields as JSON text) and its content type."""
    boundary = hashlib.sha256(json.dumps(fields, sort_keys=True).encode()).hexdigest()[:32]
    chunks = []
    for name, value in fields.items():
        text = value if isinstance(value, str) else json.dumps(value)
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{text}\r\n'
        )
    chunks.append(f"--{boundary}--\r\n")
    return "".join(chunks).encode(), f"multipart/form-data; boundary={boundary}"
