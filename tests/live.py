"""A real `county serve` process on a free port, for tests that drive it from outside."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start_server(
    environment: dict[str, str], log: Path, timeout: float = 180
) -> tuple[subprocess.Popen[bytes], str]:
    """`county serve` on a free port with `environment`, once it answers ready (its output is
    appended to `log`): the process and its base URL."""
    port = free_port()
    environment = {"COUNTY_LOG_LEVEL": "warning", **environment}
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--port", str(port)],
            cwd=ROOT,
            env=environment,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    process.kill()
    raise AssertionError(f"the service did not get ready: {log.read_text()}")


@contextmanager
def live_server(database_url: str, log: Path, **env: str) -> Iterator[str]:
    """Serve `database_url` (migrated and seeded by `county serve` when empty); yield its base.
    Links are built from the address the requests come to."""
    environment = {**os.environ, "DATABASE_URL": database_url, **env}
    process, base = start_server(environment, log)
    try:
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def run_cli(database_url: str, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout
