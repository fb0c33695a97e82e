"""The C allocator of a serving process: glibc malloc tuned so that freed memory goes back.

Left alone, glibc raises its mmap threshold each time a large mmapped block is freed (up to
32 MiB), after which blocks of that size come from the arenas and stay there once freed. The
OP's scrypt (``security/passwords.py``: 16 MiB of work memory per hash, in worker threads) hits
exactly that: each thread that hashed keeps its 16 MiB arena, and the resident size of a
serving OP grew by tens of MB with no live object behind it. A fixed threshold keeps every
block above it in its own mapping, unmapped when freed; two arenas bound what threads (the
asyncio executor's, aiosqlite's one per connection) can hold on to apart from the main one.

The threshold sits above the 256 KiB buffer asyncio allocates for every socket read (and then
shrinks to what arrived): at 256 KiB that buffer was mapped and unmapped on every read, page
faults included, which cost a read request about a sixth of its CPU time.

Only glibc has these knobs (``mallopt``); elsewhere (musl, macOS, Windows) this does nothing.
It runs once, at the start of ``op-platform serve``, before the first thread; the setting
``malloc_tuning = false`` leaves the allocator as it is.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable

log = logging.getLogger(__name__)

# mallopt parameters (glibc malloc.h)
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
M_ARENA_MAX = -8

MMAP_THRESHOLD = 1024 * 1024  # blocks from 1 MiB up are mapped on their own
TRIM_THRESHOLD = 1024 * 1024  # free memory past 1 MiB at the top of the heap goes back
ARENA_MAX = 2

TUNING = {
    M_MMAP_THRESHOLD: MMAP_THRESHOLD,
    M_TRIM_THRESHOLD: TRIM_THRESHOLD,
    M_ARENA_MAX: ARENA_MAX,
}

Mallopt = Callable[[int, int], int]


def glibc_mallopt() -> Mallopt | None:
    """glibc's ``mallopt``, or None when the C library of this process is not glibc."""
    try:
        libc = ctypes.CDLL(None)
    except (OSError, TypeError):  # pragma: no cover - no dlopen(NULL) (Windows)
        return None
    if not hasattr(libc, "gnu_get_libc_version") or not hasattr(libc, "mallopt"):
        return None
    mallopt = libc.mallopt
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    result: Mallopt = mallopt
    return result


def tune_malloc(mallopt: Mallopt | None = None) -> bool:
    """Apply :data:`TUNING` with ``mallopt`` (default: glibc's own, when this is glibc);
    True when every parameter was taken."""
    if mallopt is None:
        mallopt = glibc_mallopt()
    if mallopt is None:
        return False
    taken = all([mallopt(parameter, value) == 1 for parameter, value in TUNING.items()])
    if not taken:
        log.warning("malloc tuning not fully applied")
    return taken
