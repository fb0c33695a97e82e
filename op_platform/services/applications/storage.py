"""Where uploaded artefact and image-file bytes are kept: on disk, under the OP's data directory.

Layout: ``{data_dir}/ewbi/{federationContextId}/{artefacts|files}/{id}``; uploads are first
spooled to ``{data_dir}/ewbi/spool`` (hashing on the way) and moved into place once their row is
written. Rows keep the path relative to ``data_dir``, the size and the SHA-256. Bytes never go
into the database, so the size limit (``onboarding.max_upload_bytes``, 413 beyond it) is about
disk, not rows. ``data_dir`` defaults to ``<sqlite file stem>-data`` beside a SQLite database,
otherwise to ``op-platform-<operator_id>-data`` in the system temporary directory (set it for a
real deployment).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from op_platform.errors import OpError, Unprocessable
from op_platform.settings import Settings

ALGORITHMS = ("md5", "sha1", "sha256", "sha512")
_HEX_LENGTHS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
_CHECKSUM = re.compile(r"^(?:(?P<algo>[A-Za-z0-9-]+)[:=])?(?P<hex>[0-9A-Fa-f]+)$")


class PayloadTooLarge(OpError):
    status = 413
    code = "PAYLOAD_TOO_LARGE"
    title = "Payload Too Large"


def data_dir(settings: Settings) -> Path:
    return settings.data_path


@dataclass
class Spooled:
    """An uploaded binary part, spooled to disk: its name, size and digests."""

    path: Path
    filename: str | None = None
    content_type: str | None = None
    size: int = 0
    digests: dict[str, str] = field(default_factory=dict)

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


class Spooler:
    """Writes one upload to the spool, hashing it, refusing more than ``limit`` bytes."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage = storage
        self.spooled = Spooled(path=storage.spool_dir() / uuid.uuid4().hex)
        self._hashes = {algo: hashlib.new(algo) for algo in ALGORITHMS}
        self._handle = self.spooled.path.open("wb")
        self._name = name

    def write(self, chunk: bytes) -> None:
        self.spooled.size += len(chunk)
        if self.spooled.size > self.storage.limit:
            self.abort()
            raise PayloadTooLarge(
                f"part {self._name!r} is larger than {self.storage.limit} bytes",
                params=[(self._name, f"larger than {self.storage.limit} bytes")],
                cause="PAYLOAD_TOO_LARGE",
            )
        self._handle.write(chunk)
        for digest in self._hashes.values():
            digest.update(chunk)

    def finish(self) -> Spooled:
        self._handle.close()
        self.spooled.digests = {algo: h.hexdigest() for algo, h in self._hashes.items()}
        return self.spooled

    def abort(self) -> None:
        self._handle.close()
        self.spooled.discard()


class Storage:
    def __init__(self, root: Path, limit: int) -> None:
        self.root = root
        self.limit = limit

    @classmethod
    def from_settings(cls, settings: Settings) -> Storage:
        return cls(data_dir(settings), settings.onboarding.max_upload_bytes)

    def spool_dir(self) -> Path:
        path = self.root / "ewbi" / "spool"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def spooler(self, name: str) -> Spooler:
        return Spooler(self, name)

    def relative(self, ctx: str, kind: str, item_id: str) -> str:
        return f"ewbi/{ctx}/{kind}/{item_id}"

    def keep(self, spooled: Spooled, ctx: str, kind: str, item_id: str) -> str:
        """Move a spooled upload into place; returns the path relative to the data directory."""
        relative = self.relative(ctx, kind, item_id)
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(spooled.path, target)
        return relative

    def path(self, relative: str) -> Path:
        return self.root / relative

    def exists(self, relative: str | None) -> bool:
        return relative is not None and (self.root / relative).is_file()

    def remove(self, relative: str | None) -> None:
        if relative is not None:
            with contextlib.suppress(FileNotFoundError):
                (self.root / relative).unlink()

    def remove_context(self, ctx: str) -> None:
        """Every stored artefact and file of one federation context (its whole directory)."""
        if not ctx or ctx in (".", "..", "spool") or "/" in ctx or "\\" in ctx:
            return
        shutil.rmtree(self.root / "ewbi" / ctx, ignore_errors=True)


def verify_checksum(checksum: str, spooled: Spooled, field_name: str = "checksum") -> None:
    """Check an upload against ``checksum``: ``algo:hex`` (md5, sha1, sha256, sha512) or bare
    hex whose length names the algorithm. Unprocessable (422) on a mismatch or unknown form."""
    match = _CHECKSUM.match(checksum.strip())
    algo = None
    if match is not None:
        given = (match.group("algo") or "").lower().replace("-", "")
        algo = given or _HEX_LENGTHS.get(len(match.group("hex")))
    if match is None or algo not in ALGORITHMS:
        raise Unprocessable(
            "checksum is not in a known form (algo:hex with md5, sha1, sha256 or sha512)",
            params=[(field_name, "unknown checksum form")],
            cause="CHECKSUM_FORM",
        )
    if spooled.digests.get(algo) != match.group("hex").lower():
        raise Unprocessable(
            f"the uploaded file does not match its {algo} checksum",
            params=[(field_name, f"{algo} mismatch")],
            cause="CHECKSUM_MISMATCH",
        )
