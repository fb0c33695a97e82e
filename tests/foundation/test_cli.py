import subprocess
import sys

import pytest

from op_platform.cli import main


def test_op_platform_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "serve" in out and "db" in out


@pytest.mark.parametrize("module", ["op_platform", "mec_mocks.cli"])
def test_console_entry_points_answer_help(module: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", module, "--help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "usage" in result.stdout.lower()
