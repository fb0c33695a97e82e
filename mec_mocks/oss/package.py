"""``mec-mocks oss make-package``: write a valid sample application package."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mec_mocks.common.package_format import build_package, digest, normalize_algorithm, sample_appd


@dataclass(frozen=True)
class MadePackage:
    path: Path
    algorithm: str
    checksum: str
    appd: dict[str, Any]
    size: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "checksum": {"algorithm": self.algorithm, "hash": self.checksum},
            "appDId": self.appd["appDId"],
            "size": self.size,
        }


def make_package(
    path: str | Path,
    *,
    name: str = "Demo App",
    version: str = "1.0.0",
    provider: str = "ACME",
    fmt: str | None = None,
    algorithm: str = "SHA-256",
) -> MadePackage:
    """Write a sample package (zip, or tar.gz when the file name says so) and return its
    checksum. Layout: ``APPD/appd.json`` plus one artifact under ``Artifacts/``."""
    out = Path(path)
    if fmt is None:
        fmt = (
            "tar.gz"
            if out.name.endswith((".tar.gz", ".tgz"))
            else "tar"
            if out.name.endswith(".tar")
            else "zip"
        )
    appd = sample_appd(name, version, provider)
    image = str(appd["swImageDescriptor"]["swImage"])
    data = build_package(
        appd, files={image: f"{name} {version} image placeholder\n".encode()}, fmt=fmt
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    algorithm = normalize_algorithm(algorithm)
    return MadePackage(
        path=out, algorithm=algorithm, checksum=digest(data, algorithm), appd=appd, size=len(data)
    )


async def make_package_async(path: str | Path, **kwargs: Any) -> MadePackage:
    """:func:`make_package` without blocking the event loop (for in-process callers)."""
    return await asyncio.to_thread(make_package, path, **kwargs)
