"""Reading what the OP under test sent: a JSON body or a multipart form, as data to validate.

Multipart parts the contract declares ``application/json`` are parsed as JSON (several parts of
one name make a list, as ``componentSpec`` may come one part per component); in the strict
profile such a part sent with another content type is a finding (rule ``content-type``, path
``$.<part>``). Binary parts become a short description.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import BodyPartReader, web

from op_platform.conformance.findings import Finding
from op_platform.conformance.profiles import Profile
from op_platform.conformance.validate import JSON, NO_BODY, media_type, parse_body


async def read(
    request: web.Request, json_parts: tuple[str, ...], profile: Profile
) -> tuple[str, Any, list[Finding]]:
    """(media type, body, findings about the parts)."""
    media = media_type(request.headers)
    if media != "multipart/form-data":
        return media, parse_body(await request.read()) if request.can_read_body else NO_BODY, []
    form: dict[str, Any] = {}
    findings: list[Finding] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader) or not part.name:
            continue
        raw = await part.read(decode=True)
        if part.filename is not None:
            form[part.name] = f"<{len(raw)} bytes: {part.filename}>"
            continue
        text = raw.decode("utf-8", "replace")
        value: Any = text
        if part.name in json_parts:
            sent = (part.headers.get("Content-Type") or "text/plain").split(";")[0].strip()
            if sent != JSON and profile == "strict":
                findings.append(Finding("content-type", f"$.{part.name}", JSON, sent))
            try:
                value = json.loads(text)
            except ValueError:
                findings.append(Finding("json", f"$.{part.name}", "JSON text", text))
        if part.name in form and part.name in json_parts:
            previous = form[part.name]
            form[part.name] = (previous if isinstance(previous, list) else [previous]) + (
                value if isinstance(value, list) else [value]
            )
        else:
            form[part.name] = value
    if isinstance(form.get("componentSpec"), dict):  # one part holding one component
        form["componentSpec"] = [form["componentSpec"]]
    return media, form, findings
