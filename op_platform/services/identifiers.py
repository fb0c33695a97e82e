"""Identifier mappings between the interfaces, in one place.

- EWBI ``AppIdentifier``/``AppProviderId`` must match ``^[A-Za-z][A-Za-z0-9_]{7,63}$``.
- CAMARA (NBI) ``appId``/``appInstanceId`` are UUIDs.
- MEC 010-2 packages are named by (appPkgName, appPkgVersion, appProvider, checksum).

Mappings are deterministic, so a retried request maps to the same identifiers on every hop.
"""

from __future__ import annotations

import hashlib
import re
import uuid

EWBI_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]{7,63}$")
_NAMESPACE = uuid.UUID("6f1d2c1e-7f0a-5d7e-9c55-0e5b0d1f3a20")


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def package_key(name: str, version: str, provider: str, checksum: str, target: str) -> str:
    """The idempotency key of one package sent to one target network (64 hex characters)."""
    return _digest(name, version, provider, checksum.lower(), target)


def ewbi_app_id(name: str, version: str, provider: str) -> str:
    """The EWBI application id of a MEC package (same package, same id on every retry)."""
    return "app_" + _digest("app", name, version, provider)[:28]


def ewbi_provider_id(provider: str) -> str:
    """An EWBI AppProviderId for any provider name: kept when it fits, else derived."""
    if EWBI_ID.match(provider):
        return provider
    cleaned = re.sub(r"[^A-Za-z0-9_]", "_", provider)
    candidate = ("p_" + cleaned)[:40]
    return candidate if EWBI_ID.match(candidate) else "prov_" + _digest(provider)[:20]


def camara_to_ewbi(camara_id: uuid.UUID | str, prefix: str = "app") -> str:
    """A CAMARA UUID as an EWBI identifier: the prefix, an underscore, the 32 hex digits."""
    return f"{prefix}_{uuid.UUID(str(camara_id)).hex}"


def ewbi_to_camara(ewbi_id: str) -> uuid.UUID:
    """The inverse of ``camara_to_ewbi``; any other EWBI id maps to a stable UUIDv5."""
    _, _, tail = ewbi_id.rpartition("_")
    if re.fullmatch(r"[0-9a-f]{32}", tail):
        return uuid.UUID(tail)
    return uuid.uuid5(_NAMESPACE, ewbi_id)


# NBI (CAMARA) <-> EWBI. An NBI app submitted here keeps its UUID as ``appId``; at a partner it is
# ``camara_to_ewbi(appId)``; its image file and artefact there are UUIDs derived from the appId.
# Zones keep their EWBI ids at their operator and get a stable CAMARA UUID per (operator, zone).
_NBI_NAMESPACE = uuid.UUID("5d0c6a4e-2b7f-5a51-9e83-3c1f2a7b9d04")


def zone_uuid(operator_id: str, zone_id: str) -> str:
    """The CAMARA ``edgeCloudZoneId`` of zone ``zone_id`` of operator ``operator_id``."""
    return str(uuid.uuid5(_NBI_NAMESPACE, f"zone:{operator_id}:{zone_id}"))


def cluster_uuid(operator_id: str, zone_id: str) -> str:
    """The CAMARA ``clusterRef`` of the one cluster of a zone."""
    return str(uuid.uuid5(_NBI_NAMESPACE, f"cluster:{operator_id}:{zone_id}"))


def nbi_file_id(app_id: str) -> str:
    """The EWBI ``fileId`` of an NBI app's image at a partner."""
    return str(uuid.uuid5(_NBI_NAMESPACE, f"file:{app_id}"))


def nbi_artefact_id(app_id: str) -> str:
    """The EWBI ``artefactId`` of an NBI app's component spec at a partner."""
    return str(uuid.uuid5(_NBI_NAMESPACE, f"artefact:{app_id}"))
