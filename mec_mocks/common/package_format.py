"""The application package format understood by the MEO and written by the OSS.

A package is a ZIP archive or a tar archive (plain, gzip, bzip2 or xz) that holds one AppD
(application descriptor, ETSI GS MEC 010-2 clause 6.2.1.2) as JSON at one of::

    APPD/appd.json        (preferred)
    MEC-APPD.json         (at the root)

Both may sit under a single top-level directory (``myapp/APPD/appd.json``). Other members are
artifacts (images, scripts, docs) and are listed as ``additionalArtifacts``. The AppD must carry
non-empty strings ``appDId``, ``appName``, ``appProvider``, ``appSoftVersion``
(``appSoftwareVersion`` is accepted as a synonym) and ``appDVersion``; ``mecVersion`` (list of
strings), ``appDescription``, ``swImageDescriptor`` and ``virtualComputeDescriptor`` are
optional here (mandatory in the standard) and kept as given.
Checksums are over the whole archive file.
"""

from __future__ import annotations

import hashlib
import io
import json
import posixpath
import tarfile
import zipfile
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DESCRIPTOR_PATHS = ("APPD/appd.json", "MEC-APPD.json")
MAX_MEMBERS = 1000
MAX_DESCRIPTOR_BYTES = 1 << 20

ALGORITHMS = {"SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512"}


class PackageError(ValueError):
    """The archive or its descriptor is not a valid application package."""


def normalize_algorithm(name: str) -> str:
    """Canonical checksum algorithm name ("sha256", "SHA-256", "sha-256" -> "SHA-256")."""
    key = name.strip().upper().replace("_", "-")
    if not key.startswith("SHA-") and key.startswith("SHA"):
        key = "SHA-" + key[3:]
    if key not in ALGORITHMS:
        raise ValueError(f"unsupported checksum algorithm {name!r}; use SHA-256 or SHA-512")
    return key


def digest(data: bytes, algorithm: str) -> str:
    return hashlib.new(ALGORITHMS[normalize_algorithm(algorithm)], data).hexdigest()


class AppDescriptor(BaseModel):
    """Minimal AppD validation; unknown attributes are kept."""

    model_config = ConfigDict(extra="allow")

    appDId: str = Field(min_length=1)
    appName: str = Field(min_length=1)
    appProvider: str = Field(min_length=1)
    appSoftVersion: str = Field(min_length=1)
    appDVersion: str = Field(min_length=1)
    mecVersion: list[str] | None = None
    appDescription: str | None = None
    swImageDescriptor: dict[str, Any] | None = None
    virtualComputeDescriptor: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _synonyms(cls, data: Any) -> Any:
        if isinstance(data, dict) and "appSoftVersion" not in data and "appSoftwareVersion" in data:
            data = dict(data)
            data["appSoftVersion"] = data.pop("appSoftwareVersion")
        return data


@dataclass
class OpenedPackage:
    appd: dict[str, Any]
    descriptor_path: str
    media_type: str
    artifacts: list[dict[str, Any]] = field(default_factory=list)


def _safe(name: str) -> str:
    norm = posixpath.normpath(name.replace("\\", "/"))
    if norm.startswith("/") or norm == ".." or norm.startswith("../"):
        raise PackageError(f"unsafe member path {name!r} in package")
    return norm


def _members(data: bytes) -> tuple[str, dict[str, bytes]]:
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                infos = [i for i in zf.infolist() if not i.is_dir()]
                if len(infos) > MAX_MEMBERS:
                    raise PackageError("too many members in package")
                return "application/zip", {_safe(i.filename): zf.read(i) for i in infos}
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise PackageError(f"corrupt zip archive: {exc}") from None
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:*") as tf:
            out: dict[str, bytes] = {}
            for m in tf.getmembers():
                if not m.isfile():
                    continue
                if len(out) >= MAX_MEMBERS:
                    raise PackageError("too many members in package")
                f = tf.extractfile(m)
                out[_safe(m.name)] = f.read() if f is not None else b""
            media = "application/gzip" if data[:2] == b"\x1f\x8b" else "application/x-tar"
            return media, out
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise PackageError(f"not a zip or tar archive ({exc})") from None


def _find_descriptor(files: dict[str, bytes]) -> str:
    candidates = set(DESCRIPTOR_PATHS)
    tops = {p.split("/", 1)[0] for p in files if "/" in p}
    roots = {p for p in files if "/" not in p}
    if len(tops) == 1 and not roots:
        top = next(iter(tops))
        candidates |= {f"{top}/{p}" for p in DESCRIPTOR_PATHS}
    found = sorted(p for p in files if p in candidates)
    if not found:
        raise PackageError(
            "no application descriptor found; expected " + " or ".join(DESCRIPTOR_PATHS)
        )
    if len(found) > 1:
        raise PackageError(f"more than one application descriptor: {', '.join(found)}")
    return found[0]


def parse_appd(raw: bytes) -> dict[str, Any]:
    if len(raw) > MAX_DESCRIPTOR_BYTES:
        raise PackageError("application descriptor too large")
    try:
        obj = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise PackageError(f"application descriptor is not valid JSON: {exc}") from None
    try:
        appd = AppDescriptor.model_validate(obj)
    except ValidationError as exc:
        errs = "; ".join(
            f"{'.'.join(str(x) for x in e['loc']) or '(descriptor)'}: {e['msg']}"
            for e in exc.errors()[:5]
        )
        raise PackageError(f"invalid application descriptor: {errs}") from None
    return appd.model_dump(exclude_none=True)


def open_package(data: bytes) -> OpenedPackage:
    """Open an archive, find and validate its AppD (raises PackageError)."""
    if not data:
        raise PackageError("package is empty")
    media, files = _members(data)
    path = _find_descriptor(files)
    appd = parse_appd(files[path])
    artifacts = [
        {
            "artifactPath": name,
            "size": len(content),
            "checksum": {"algorithm": "SHA-256", "hash": hashlib.sha256(content).hexdigest()},
        }
        for name, content in sorted(files.items())
        if name != path
    ]
    return OpenedPackage(appd=appd, descriptor_path=path, media_type=media, artifacts=artifacts)


def sample_appd(name: str, version: str, provider: str) -> dict[str, Any]:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "app"
    return {
        "appDId": f"{provider.lower().replace(' ', '-')}.{slug}.{version}",
        "appName": name,
        "appProvider": provider,
        "appSoftVersion": version,
        "appDVersion": "1.0",
        "mecVersion": ["2.1.1"],
        "appDescription": f"{name} sample MEC application",
        "virtualComputeDescriptor": {
            "virtualComputeDescId": f"{slug}-compute",
            "virtualCpu": {"numVirtualCpu": 1},
            "virtualMemory": {"virtualMemSize": 512},
        },
        "swImageDescriptor": {
            "id": f"{slug}-image",
            "name": f"{slug}",
            "version": version,
            "containerFormat": "DOCKER",
            "swImage": f"Artifacts/{slug}.txt",
        },
    }


def build_package(
    appd: dict[str, Any], *, files: dict[str, bytes] | None = None, fmt: str = "zip"
) -> bytes:
    """Build a package archive (``zip`` or ``tar.gz``) holding ``APPD/appd.json`` and ``files``."""
    members = {"APPD/appd.json": json.dumps(appd, indent=2).encode()}
    members.update(files or {})
    buf = io.BytesIO()
    if fmt == "zip":
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, content in members.items():
                zf.writestr(zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0)), content)
    elif fmt in ("tar.gz", "tgz", "tar"):
        mode = "w" if fmt == "tar" else "w:gz"
        with tarfile.open(fileobj=buf, mode=mode) as tf:  # type: ignore[call-overload]
            for name, content in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(content)
                info.mtime = 1704067200
                tf.addfile(info, io.BytesIO(content))
    else:
        raise ValueError(f"unknown package format {fmt!r}; use zip, tar or tar.gz")
    return buf.getvalue()
