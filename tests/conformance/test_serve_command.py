"""``op-platform conformance serve`` as a process: it answers /report, and on SIGTERM writes its
three reports and exits 0 (nothing failed: nobody called it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from op_platform.ports import free_port


def test_serve_writes_its_reports_when_stopped(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "OP_CONFORMANCE_SECRET": "serve-secret"}
    command = [
        sys.executable,
        "-m",
        "op_platform",
        "conformance",
        "serve",
        "--listen",
        f"127.0.0.1:{port}",
        "--report-dir",
        str(tmp_path),
    ]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                report = httpx.get(f"http://127.0.0.1:{port}/report", timeout=1.0)
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline and process.poll() is None, process.stderr
                time.sleep(0.1)
        assert report.json()["counts"]["fail"] == 0
        token = httpx.post(
            f"http://127.0.0.1:{port}/oauth2/token",
            auth=("op-under-test", "wrong"),
            data={"grant_type": "client_credentials"},
        )
        assert token.status_code == 401
    finally:
        process.send_signal(signal.SIGTERM)
        out, _err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "0 failed" in out
    assert {p.name for p in tmp_path.iterdir()} == {"report.xml", "report.json", "report.html"}
