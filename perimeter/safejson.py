"""JSON parsing with a nesting depth limit, and no RecursionError.

Python's parser recurses once per nesting level, so a body of a thousand ``[`` fails with
RecursionError deep inside it. :func:`loads` first scans the text (strings skipped, brackets
counted; linear, no recursion) and refuses anything nested deeper than the limit, then parses.
The text must be UTF-8 (RFC 8259) and the non-standard constants ``NaN`` and ``Infinity`` are
refused. Failures are :class:`perimeter.bodies.BodyRefused` (``json-too-deep``,
``malformed-json``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from perimeter.bodies import MALFORMED, TOO_DEEP, BodyRefused

MAX_DEPTH = 32
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|"', re.DOTALL)


def depth_exceeds(text: str, max_depth: int) -> bool:
    """True when arrays/objects in ``text`` nest deeper than ``max_depth``."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > max_depth:
                return True
        elif token in ("]", "}"):
            depth -= 1
        elif token == '"':
            break  # an unterminated string: the parser will refuse the text
    return False


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON nested at most ``max_depth`` levels deep."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        raise BodyRefused(MALFORMED, "malformed JSON: the body is not UTF-8 text") from None
    if depth_exceeds(text, max_depth):
        raise BodyRefused(TOO_DEEP, f"the JSON body is nested deeper than {max_depth} levels")
    try:
        return json.loads(text, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        where = f" at line {exc.lineno} column {exc.colno}"
        raise BodyRefused(MALFORMED, f"malformed JSON: {exc.msg}{where}") from None
    except ValueError as exc:
        raise BodyRefused(MALFORMED, f"malformed JSON: {exc}") from None
    except RecursionError:  # pragma: no cover - only with a very large max_depth
        raise BodyRefused(TOO_DEEP, "the JSON body is nested too deeply") from None


def nul_at(value: Any, path: str = "") -> str | None:
    """The path (``a.b[0]``) of the first string, or object key, that holds U+0000, or None.

    JSON may carry ``\\u0000``; PostgreSQL text and jsonb cannot store it, so a server that
    keeps what it is sent refuses it up front."""
    if isinstance(value, str):
        return (path or "body") if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if "\x00" in key:
                return path or "body"
            found = nul_at(item, where)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = nul_at(item, f"{path}[{index}]")
            if found is not None:
                return found
    return None
