"""Data files: each validated by its model, a broken one refused in one line, and a wheel that
finds its own (parser vocabularies, seed, migrations) wherever it is installed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app import datafiles
from app.config import PROJECT_DIR
from app.errors import ConfigurationError

COUNTY = [sys.executable, "-m", "app"]
REPORT = PROJECT_DIR / "seed" / "reports" / "001_094da2e9a2d42d36.txt"


def test_every_data_file_is_valid() -> None:
    datafiles.check_all(PROJECT_DIR / "seed")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("indicators: [\n  - code: gdp\n    name_zh: [", "indicators.yaml: not valid YAML (line"),
        ("categories: {}\nindicators:\n  - code: gdp\n", "indicators.0.name_zh: Field required"),
        ("categories: {}\nindicators: []\ncolour: red\n", "colour: Extra inputs are not permitted"),
    ],
)
def test_a_malformed_file_is_named_in_one_line(text: str, message: str) -> None:
    with pytest.raises(ConfigurationError) as raised:
        datafiles.read(Path("seed/indicators.yaml"), text, datafiles.Indicators)
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_broken_seed_directory_stops_the_cli_in_one_line(tmp_path: Path) -> None:
    seed = tmp_path / "seed"
    shutil.copytree(PROJECT_DIR / "seed", seed)
    broken = (seed / "entity_patterns.yaml").read_text("utf-8").replace("min_core:", "min_cor:", 1)
    (seed / "entity_patterns.yaml").write_text(broken, "utf-8")
    result = subprocess.run(
        [*COUNTY, "extract", str(REPORT)],
        env={**os.environ, "COUNTY_SEED_DIR": str(seed)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.strip().count("\n") == 0
    assert "entity_patterns.yaml" in result.stderr and "min_cor" in result.stderr


def sh(*args: object, cwd: Path = PROJECT_DIR, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return result.stdout


@pytest.mark.slow
def test_an_installed_wheel_finds_its_data_from_any_directory(tmp_path: Path) -> None:
    uv = Path(sys.executable).with_name("uv")
    sh(uv, "build", "--wheel", "-q", "-o", tmp_path / "dist")
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    venv = tmp_path / "venv"
    sh(uv, "venv", "-q", "--python", sys.executable, venv)
    locked = sh(uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "-q")
    (tmp_path / "requirements.txt").write_text(locked)
    install = {**os.environ, "VIRTUAL_ENV": str(venv)}
    sh(uv, "pip", "install", "-q", "-r", tmp_path / "requirements.txt", wheel, env=install)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "report.txt").write_bytes(REPORT.read_bytes())
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("COUNTY_", "DATABASE"))}
    extracted = sh(
        venv / "bin" / "county",
        "extract",
        "report.txt",
        "--format",
        "json",
        cwd=elsewhere,
        env=clean,
    )
    assert '"unit": "CNY"' in extracted
