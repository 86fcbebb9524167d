"""Stopping the service as operators do: SIGTERM (docker stop, systemd) and Ctrl-C.

The embedded PostgreSQL must stop with the service, and a holder that died without letting go
(a killed process) must not keep it running after every later stop.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import psutil
import pytest

from tests.live import start_server

pytestmark = pytest.mark.slow


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        command = " ".join(process.info["cmdline"] or [])
        if process.info["name"] == "postgres" and str(pgdata.resolve()) in command:
            found.append(process)
    return found


def serve_until_ready(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`county serve` on its embedded PostgreSQL in `data_dir`."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return start_server(environment | {"COUNTY_DATA_DIR": str(data_dir)}, log)


def stop(process: subprocess.Popen[bytes], signum: int) -> int:
    process.send_signal(signum)
    return process.wait(timeout=60)


def test_sigterm_then_a_restart_then_ctrl_c_leave_no_postgres(tmp_path: Path) -> None:
    pgdata = tmp_path / "postgres"
    log = tmp_path / "serve.log"
    process, _ = serve_until_ready(tmp_path, log)
    assert postgres_processes(pgdata)
    try:
        assert stop(process, signal.SIGTERM) == 128 + signal.SIGTERM
        assert postgres_processes(pgdata) == [], log.read_text()[-3000:]

        # a holder that was killed outright (its id is still listed) must not count
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        (pgdata / ".handle_pids.json").write_text(json.dumps([dead.pid]))

        process, base = serve_until_ready(tmp_path, log)
        assert httpx.get(f"{base}/v1/sources").status_code == 200
        stop(process, signal.SIGINT)
        assert postgres_processes(pgdata) == [], log.read_text()[-3000:]
        assert json.loads((pgdata / ".handle_pids.json").read_text()) == []
    finally:
        if process.poll() is None:
            process.kill()
        for leftover in postgres_processes(pgdata):
            leftover.kill()
