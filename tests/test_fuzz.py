"""Schemathesis against /openapi.json of a running server, writes included with a test key.

Bounded: a fixed seed and a few examples per operation. Every response must be documented
(status and schema), no 5xx, invalid input rejected, Allow headers right. The one check left out
is `positive_data_acceptance`: an opaque cursor matching its pattern but not made by us is
refused with 400, as documented.
"""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(
    make_database: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    url: str = make_database()  # type: ignore[operator]
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "COUNTY_RATE_WRITES": "1000000",
        "COUNTY_RATE_SEARCH": "1000000",
        "COUNTY_LOG_LEVEL": "warning",
    }
    log = tmp_path_factory.mktemp("fuzz") / "server.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, log.read_text()
            time.sleep(0.5)
        created = subprocess.run(
            [sys.executable, "-m", "app", "keys", "create", "--name", "fuzzer", "--scope", "admin"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        yield base, created.stdout.strip().splitlines()[-1]
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_schemathesis_finds_no_failures(server: tuple[str, str], tmp_path: Path) -> None:
    base, key = server
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("st")),
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
            "--exclude-checks",
            "positive_data_acceptance",
            "--request-timeout",
            "20",
            "--workers",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,  # schemathesis keeps a cache in its working directory
    )
    assert result.returncode == 0, result.stdout[-6000:]
