"""A report that takes the parser past its limit: 422, and its work stops with it.

The parser runs in a worker process that is killed at the limit, so the CPU it used is free
within a second of the answer, and reads served meanwhile are not held up.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import psutil
import pytest

from tests.live import ROOT, live_server, run_cli

pytestmark = pytest.mark.slow

REPORT = (ROOT / "seed" / "reports" / "001_094da2e9a2d42d36.txt").read_text("utf-8")


@pytest.fixture(scope="module")
def server(
    make_database: object, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    url: str = make_database()  # type: ignore[operator]
    log = tmp_path_factory.mktemp("parse-limit") / "server.log"
    with live_server(url, log, COUNTY_PARSE_TIMEOUT="1") as base:
        created = run_cli(url, "keys", "create", "--name", "slow", "--scope", "write")
        yield base, created.strip().splitlines()[-1]


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by the server and every process under it."""
    root = psutil.Process(pid)
    total = 0.0
    for process in [root, *root.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def server_pid(base: str) -> int:
    port = int(base.rsplit(":", 1)[1])
    for connection in psutil.net_connections("tcp"):
        if connection.status == "LISTEN" and connection.laddr.port == port and connection.pid:
            return int(connection.pid)
    raise AssertionError(f"nothing listens on port {port}")


def test_a_report_past_the_limit_frees_the_cpu_and_reads_go_on(
    server: tuple[str, str],
) -> None:
    base, key = server
    pid = server_pid(base)
    reads: list[tuple[int, float]] = []
    posting = True

    def read_meanwhile() -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            while posting:
                started = time.monotonic()
                status = client.get("/v1/observations?limit=5").status_code
                reads.append((status, time.monotonic() - started))
                time.sleep(0.05)

    reader = threading.Thread(target=read_meanwhile)
    reader.start()
    try:
        response = httpx.post(
            f"{base}/v1/sources",
            json={"text": REPORT * 120},
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        )
    finally:
        posting = False
        reader.join()
    assert response.status_code == 422, response.text
    assert "did not finish within 1 s" in response.json()["detail"]
    assert reads and all(status == 200 for status, _ in reads)
    assert max(seconds for _, seconds in reads) < 1.0, reads

    time.sleep(1.0)  # within a second of the 422 the parser's process is gone
    before = cpu_seconds(pid)
    time.sleep(1.0)
    used = cpu_seconds(pid) - before
    assert used < 0.2, f"{used:.2f} s of CPU in the second after the answer"
