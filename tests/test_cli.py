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
        ["ingest"],
        ["review"],
        ["keys"],
        ["keys", "create"],
        ["keys", "list"],
        ["keys", "revoke"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    from typer.testing import CliRunner

    from app.cli import cli

    result = CliRunner().invoke(cli, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage" in result.output


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


@pytest.fixture(scope="module")
def cli_database(make_database: object) -> str:
    """A database of the CLI's own: migrated and seeded by the CLI itself."""
    url: str = make_database()  # type: ignore[operator]
    for command in (["db", "upgrade"], ["seed"]):
        result = county(*command, env={"DATABASE_URL": url})
        assert result.returncode == 0, result.stderr
    return url


def test_keys_are_shown_once_on_the_last_line_and_can_be_revoked(cli_database: str) -> None:
    env = {"DATABASE_URL": cli_database}
    created = county("keys", "create", "--name", "desk", "--scope", "admin", env=env)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("cik_") and len(key) > 40
    listed = county("keys", "list", env=env)
    assert "desk" in listed.stdout and key not in listed.stdout
    assert county("keys", "create", "--name", "desk", env=env).returncode == 1
    assert county("keys", "revoke", "desk", env=env).returncode == 0
    assert county("keys", "revoke", "nobody", env=env).returncode == 1


def test_ingest_then_review_from_the_command_line(cli_database: str, tmp_path: Path) -> None:
    env = {"DATABASE_URL": cli_database}
    report = tmp_path / "report.txt"
    report.write_text("晋江市去年新增市场主体3.5万户。\n", encoding="utf-8")
    first = county("ingest", str(report), env=env)
    assert first.returncode == 0, first.stderr
    assert "added" in first.stdout
    again = county("ingest", str(report), env=env)
    assert "already stored" in again.stdout
    retract = county("review", "1", "--by", "desk", "--status", "retracted", env=env)
    assert retract.returncode == 1 and "reason" in retract.stderr
    reviewed = county("review", "1", "--by", "desk", "--kind", "actual", env=env)
    assert reviewed.returncode == 0, reviewed.stderr


def test_ingest_of_a_bad_file_stores_nothing_and_names_it(
    cli_database: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": cli_database}
    good, bad = tmp_path / "good.txt", tmp_path / "bad.pdf"
    good.write_text("石狮市今年新增企业300家。\n", encoding="utf-8")
    bad.write_bytes(b"%PDF-1.7\n1 0 obj")
    result = county("ingest", str(good), str(bad), env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr and "PDF" in result.stderr
    again = county("ingest", str(good), env=env)
    assert "added" in again.stdout  # the first run stored nothing


def test_ingest_reads_gbk_and_refuses_a_report_without_figures(
    cli_database: str, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": cli_database}
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes("惠安县今年新增市场主体1.2万户。\n".encode("gbk"))
    added = county("ingest", str(gbk), env=env)
    assert added.returncode == 0 and "added, 1 figures" in added.stdout, added.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("惠安县召开全县经济工作会议。\n", encoding="utf-8")
    refused = county("ingest", str(empty), env=env)
    assert refused.returncode == 1 and str(empty) in refused.stderr
    assert "no figure" in refused.stderr and "--allow-empty" in refused.stderr
    kept = county("ingest", str(empty), "--allow-empty", env=env)
    assert kept.returncode == 0 and "added, 0 figures" in kept.stdout, kept.stderr
