"""Schemathesis against /openapi.json of a running server, writes included with a test key.

Bounded: a fixed seed and a few examples per operation. Every check is on: every response
documented (status and schema), no 5xx, invalid input rejected, valid input accepted, Allow
headers right. The project's `schemathesis.toml` is the one a user running it from outside
gets; it names the two request bodies whose one extra rule JSON Schema cannot state.
"""

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live import ROOT, live_server, run_cli

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def server(
    make_database: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    url: str = make_database()  # type: ignore[operator]
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    limits = {"COUNTY_RATE_WRITES": "1000000", "COUNTY_RATE_SEARCH": "1000000"}
    with live_server(url, log, **limits) as base:
        created = run_cli(url, "keys", "create", "--name", "fuzzer", "--scope", "admin")
        yield base, created.strip().splitlines()[-1]


def test_schemathesis_finds_no_failures(server: tuple[str, str], tmp_path: Path) -> None:
    base, key = server
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
            "--config-file",
            str(ROOT / "schemathesis.toml"),
            "run",
            f"{base}/openapi.json",
            "--header",
            f"Authorization: Bearer {key}",
            "--max-examples",
            "12",
            "--seed",
            "20261122",
            "--phases",
            "examples,coverage,fuzzing",
            "--checks",
            "all",
            "--request-timeout",
            "20",
            # one worker: with threads, CPython 3.11's ast.parse (used by hypothesis to describe
            # its filters) can fail with "AST constructor recursion depth mismatch"
            "--workers",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,  # schemathesis keeps a cache in its working directory
    )
    assert result.returncode == 0, result.stdout[-6000:]
