"""The command line as a user runs it: a subprocess, its exit code and what it prints."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COUNTY = [sys.executable, "-m", "app"]
REPORT = ROOT / "seed" / "reports" / "001_094da2e9a2d42d36.txt"


def county(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COUNTY, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "200", **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["db"],
        ["db", "upgrade"],
        ["db", "downgrade"],
        ["db", "current"],
        ["seed"],
        ["serve"],
        ["extract"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = county(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_an_unreachable_database_is_one_line_not_a_traceback() -> None:
    result = county("db", "current", env={"DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "cannot reach the database" in result.stderr


def test_a_port_in_use_is_one_line_not_a_traceback(database_url: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = county("serve", "--port", str(port), env={"DATABASE_URL": database_url})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"port {port}" in result.stderr and "in use" in result.stderr


def test_extract_prints_figures_as_json() -> None:
    result = county("extract", str(REPORT), "--format", "json")
    assert result.returncode == 0, result.stderr
    payload = json.loads(result.stdout)
    text = payload["source"]["text"]
    assert payload["source"]["publisher"] == "泉州晚报"
    figures = payload["figures"]
    assert figures, "the report has figures"
    for figure in figures:
        assert text[figure["start"] : figure["end"]] == figure["surface"]
        assert isinstance(figure["value"], int | float)
    assert {
        "value",
        "unit",
        "surface",
        "quote",
        "qualifier",
        "indicator",
        "entity",
        "period",
        "kind",
    } <= set(figures[0])


def test_extract_refuses_a_binary_file(tmp_path: Path) -> None:
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    result = county("extract", str(binary))
    assert result.returncode == 1
    assert "binary" in result.stderr and "Traceback" not in result.stderr
