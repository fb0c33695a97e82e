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


def test_serve_and_db_parse_without_the_other_commands() -> None:
    """``serve`` and ``db`` never load the tools' modules (conformance kit, demo, trace...);
    ``--help`` lists every command."""
    code = (
        "import sys\n"
        "from op_platform.cli import main\n"
        "try:\n"
        "    main(['serve', '--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('op_platform.cli_',"
        " 'op_platform.conformance', 'op_platform.demo'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert "--config" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_help_lists_the_tools_too(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert all(name in out for name in ("conformance", "demo", "certs", "trace", "federation"))
