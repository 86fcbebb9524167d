"""Setting up before serving: `county prestart` on many hosts at once, and a command line that
finds the same database from any directory (or says there is none)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app import migrate
from app.config import PROJECT_DIR, Settings

COUNTY = [sys.executable, "-m", "app"]


def start(*args: str, cwd: Path = PROJECT_DIR, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*COUNTY, *args],
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def _scalar(url: str, query: str) -> object:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.scalar(text(query))
    finally:
        await engine.dispose()


@pytest.mark.slow
def test_two_hosts_starting_at_once_migrate_and_seed_once(scratch_url: str) -> None:
    hosts = [start("prestart", DATABASE_URL=scratch_url) for _ in range(2)]
    results = [host.communicate(timeout=300) for host in hosts]
    assert [host.returncode for host in hosts] == [0, 0], results
    said = [stderr for _, stderr in results]
    assert sum("migrated from an empty database" in line for line in said) == 1, said
    assert sum("schema already at" in line for line in said) == 1, said
    revision = asyncio.run(_scalar(scratch_url, "SELECT version_num FROM alembic_version"))
    assert revision == migrate.head_revision()
    manifest = yaml.safe_load((PROJECT_DIR / "seed" / "reports.yaml").read_text("utf-8"))
    sources = asyncio.run(_scalar(scratch_url, "SELECT count(*) FROM sources"))
    assert sources == len(manifest["reports"])


def test_the_data_directory_does_not_depend_on_the_current_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("COUNTY_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None)
    assert settings.county_data_dir == PROJECT_DIR / ".data"


def test_without_a_database_the_cli_says_how_to_make_one(tmp_path: Path) -> None:
    nowhere = tmp_path / "state"
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [*COUNTY, "keys", "list"],
        cwd=tmp_path,
        env={**environment, "COUNTY_DATA_DIR": str(nowhere)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0 and "county prestart" in message and "DATABASE_URL" in message
    assert not nowhere.exists() and not (tmp_path / ".data").exists()


def test_extract_works_from_another_directory(tmp_path: Path) -> None:
    report = PROJECT_DIR / "seed" / "reports" / "001_094da2e9a2d42d36.txt"
    (tmp_path / "report.txt").write_bytes(report.read_bytes())
    extract = start("extract", "report.txt", "--format", "json", cwd=tmp_path)
    stdout, stderr = extract.communicate(timeout=120)
    assert extract.returncode == 0, stderr
    assert '"figures": [' in stdout and '"unit": "CNY"' in stdout
