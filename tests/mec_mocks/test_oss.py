"""OSS: make-package and onboard, in-process and through the command line, end to end."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from mec_mocks.cli import main
from mec_mocks.common.package_format import open_package
from mec_mocks.common.recorder import Recorder
from mec_mocks.meo.paths import API_ROOT
from mec_mocks.mepm import MepmConfig
from mec_mocks.mepm import create_app as create_mepm
from mec_mocks.oss.onboard import OnboardEvent, OssError, onboard
from mec_mocks.oss.package import make_package
from mec_mocks.testing import Servers, wait_for

REPO = Path(__file__).resolve().parents[2]


def test_make_package(tmp_path: Path) -> None:
    made = make_package(tmp_path / "app.zip", name="Video Cache", version="2.0", provider="Edge Co")
    opened = open_package(made.path.read_bytes())
    assert opened.appd["appName"] == "Video Cache"
    assert opened.appd["appProvider"] == "Edge Co"
    assert len(made.checksum) == 64
    tgz = make_package(tmp_path / "app.tar.gz", algorithm="sha512")
    assert open_package(tgz.path.read_bytes()).media_type == "application/gzip"
    assert tgz.algorithm == "SHA-512"
    assert len(tgz.checksum) == 128


def test_cli_help_and_make_package(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    assert "meo" in capsys.readouterr().out
    assert main(["oss", "make-package", str(tmp_path / "p.zip"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["checksum"]["algorithm"] == "SHA-256"
    assert (tmp_path / "p.zip").exists()


async def test_traditional_flow_from_cli(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    """OSS CLI -> MEO; the MEPM and a subscribed listener each get exactly one OnBoarded."""
    mepm = await servers.start(create_mepm(MepmConfig(database=str(tmp_path / "mepm.db"))))
    listener, lsrv = await servers.recorder()
    meo = await servers.meo("46001", mepm_url=mepm.url)
    r = await http.post(
        f"{meo.url}{API_ROOT}/subscriptions",
        json={"callbackUri": f"{lsrv.url}/op", "subsctiptionType": "AppPackageOnBoarding"},
    )
    assert r.status_code == 201
    pkg = make_package(tmp_path / "demo.zip")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "mec_mocks.cli",
        "--log-level",
        "WARNING",
        "oss",
        "onboard",
        "--meo",
        meo.url,
        "--target-network",
        "46001",
        "--app-type",
        "traditional",
        "--package",
        str(pkg.path),
        "--wait",
        "--timeout",
        "60",
        "--json",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        env=env,
    )
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    assert proc.returncode == 0, err.decode()
    result = json.loads(out)
    assert result["ok"] is True
    assert result["onboarding_state"] == "ONBOARDED"
    assert result["checksum"]["hash"] == pkg.checksum
    assert result["app_pkg_path"].startswith("http://127.0.0.1:")
    assert "ONBOARDED" in err.decode()  # state changes are printed with timestamps

    async def mepm_notes() -> list[Any]:
        resp = await http.get(
            f"{mepm.url}/notifications", params={"notificationType": "AppPackageOnBoarded"}
        )
        notes: list[Any] = resp.json()["notifications"]
        return notes

    await wait_for(mepm_notes, what="MEPM notification")

    async def listener_notes() -> list[Any]:
        return listener.of_type("AppPackageOnBoarded")

    await wait_for(listener_notes, what="listener notification")
    await asyncio.sleep(0.5)
    (mepm_note,) = await mepm_notes()
    (op_note,) = listener.of_type("AppPackageOnBoarded")
    assert mepm_note["notification"]["appPkgId"] == result["app_pkg_id"]
    assert op_note["appPkgId"] == result["app_pkg_id"]
    assert op_note["x-applicationType"] == "traditional"


async def test_cross_network_with_wait_remote(
    servers: Servers, http: httpx.AsyncClient, tmp_path: Path
) -> None:
    op, op_srv = await servers.recorder(Recorder(status=201, reply={"id": "remote-1"}))
    meo = await servers.meo("46001", op_url=f"{op_srv.url}/sbi-cr/v1", allow_file_urls=True)
    pkg = make_package(tmp_path / "x.tar.gz", name="Cross App")
    events: list[OnboardEvent] = []

    async def report_when_forwarded() -> None:
        async def forwarded() -> bool:
            return bool(op.received)

        await wait_for(forwarded, what="forward")
        app_pkg_id = op.received[0].headers["x-meo-app-pkg-id"]
        await http.post(
            f"{meo.url}{API_ROOT}/user_defined_notification",
            json={"appPkgId": app_pkg_id, "remoteNetworkId": "46002", "remoteState": "ONBOARDED"},
        )

    reporter = asyncio.create_task(report_when_forwarded())
    result = await onboard(
        meo_url=meo.url,
        target_network="46002",
        app_type="cross-network",
        package=pkg.path,
        serve="file",
        wait_remote=True,
        wait=True,
        wait_timeout=60,
        poll_interval=0.1,
        on_event=events.append,
    )
    await reporter
    assert result.ok and result.exit_code == 0
    assert result.app_pkg_path == pkg.path.resolve().as_uri()
    assert result.remote[0]["remoteState"] == "ONBOARDED"
    assert result.remote[0]["forwarding"]["status"] == "DELIVERED"
    subjects = {(e.subject, e.value) for e in events}
    assert ("remoteState[46002]", "ONBOARDED") in subjects
    assert ("forwarding[46002]", "DELIVERED") in subjects


async def test_onboard_failures(servers: Servers, tmp_path: Path) -> None:
    meo = await servers.meo("46001")
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"not a package")
    with pytest.raises(OssError, match="not a valid package"):
        await onboard(meo_url=meo.url, target_network="46001", app_type="traditional", package=bad)
    # deliberately sending a broken package: the MEO refuses it, exit code 1
    result = await onboard(
        meo_url=meo.url,
        target_network="46001",
        app_type="traditional",
        package=bad,
        name="bad",
        version="1",
        provider="ACME",
        wait=True,
        wait_timeout=60,
        poll_interval=0.1,
    )
    assert not result.ok and result.exit_code == 1
    assert result.failure is not None and result.failure["type"].endswith("invalid-package")
    with pytest.raises(OssError, match="cannot read"):
        await onboard(
            meo_url=meo.url,
            target_network="46001",
            app_type="traditional",
            package=tmp_path / "missing.zip",
        )
    good = make_package(tmp_path / "ok.zip")
    refused = await onboard(
        meo_url=meo.url, target_network="46009", app_type="traditional", package=good.path
    )
    assert refused.exit_code == 1 and refused.status_code == 422


async def test_file_mode_needs_a_meo_that_allows_file_urls(
    servers: Servers, tmp_path: Path
) -> None:
    meo = await servers.meo("46001")
    good = make_package(tmp_path / "ok.zip")
    refused = await onboard(
        meo_url=meo.url,
        target_network="46001",
        app_type="traditional",
        package=good.path,
        serve="file",
    )
    assert refused.exit_code == 1 and refused.status_code == 400
    assert refused.failure is not None
    assert refused.failure["detail"].startswith("invalid body: appPkgPath: file URLs are not")
