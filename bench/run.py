"""Benchmark the read path at 1,000 and at 1,000,000 figures, in one run, as ratios.

Starts an embedded PostgreSQL in a scratch directory (nothing else is touched), fills a database
with `county synth` and the seed reports, starts the API (cache on and cache off) and a static
FastAPI route as the yardstick, drives each with a load generator on 127.0.0.1 (wrk, installed
from Debian's packages when possible; otherwise a bounded async client), and prints req/s, p50,
p99 and the ratio to the static route, plus the servers' peak memory.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import httpx
import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.embedded import start_embedded, stop_embedded  # noqa: E402

PYTHON = sys.executable
PARK = "nan-an-gao-duan-zhuang-bei-zhi-zao-yuan"


@dataclass
class Result:
    name: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    rows: int = 1  # rows per answer (CSV exports: its cost is compared per row)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def county(*args: str, env: dict[str, str]) -> str:
    result = subprocess.run(
        [PYTHON, "-m", "app", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"county {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout


class Server:
    """A uvicorn process; its resident memory is sampled while it runs."""

    def __init__(self, args: list[str], env: dict[str, str], health: str) -> None:
        self.port = free_port()
        self.process = subprocess.Popen(
            [*args, "--port", str(self.port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.peak_rss = 0
        self._stop = threading.Event()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.base}{health}", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            self.close()
            sys.exit(f"server {' '.join(args)} did not start")
        threading.Thread(target=self._sample, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _sample(self) -> None:
        root = psutil.Process(self.process.pid)
        while not self._stop.is_set():
            try:
                processes = [root, *root.children(recursive=True)]
                self.peak_rss = max(self.peak_rss, sum(p.memory_info().rss for p in processes))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def close(self) -> None:
        self._stop.set()
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def ensure_wrk() -> str | None:
    if path := shutil.which("wrk"):
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("installing wrk from Debian's packages…", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "wrk"],
            capture_output=True,
            timeout=300,
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    return shutil.which("wrk")


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run_wrk(wrk: str, name: str, url: str, duration: int, connections: int) -> Result:
    out = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+([\d.]+\w+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return Result(name, rps, p50, p99, int(errors.group(1)) if errors else 0)


def run_client(name: str, url: str, duration: int, connections: int) -> Result:
    """A bounded async client: `connections` workers for `duration` seconds."""

    async def main() -> Result:
        latencies: list[float] = []
        errors = 0
        deadline = time.perf_counter() + duration
        limits = httpx.Limits(max_connections=connections)
        async with httpx.AsyncClient(limits=limits, timeout=10) as client:

            async def worker() -> None:
                nonlocal errors
                while time.perf_counter() < deadline:
                    started = time.perf_counter()
                    response = await client.get(url)
                    latencies.append((time.perf_counter() - started) * 1000)
                    errors += response.status_code >= 400

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(connections)))
            elapsed = time.perf_counter() - started
        cuts = statistics.quantiles(latencies, n=100)
        return Result(name, len(latencies) / elapsed, cuts[49], cuts[98], errors)

    return asyncio.run(main())


def measure(
    wrk: str | None,
    static_url: str,
    targets: list[tuple[str, str]],
    duration: int,
    connections: int,
) -> dict[str, tuple[Result, Result]]:
    """Each target right after the static route: its ratio is to the static run beside it."""
    results = {}
    for name, url in targets:
        static = _one(wrk, "static FastAPI route", static_url, duration, connections)
        results[name] = (_one(wrk, name, url, duration, connections), static)
        print(
            f"  {name:<28} {results[name][0].rps:9.0f} req/s (static {static.rps:.0f})",
            file=sys.stderr,
        )
    return results


def _one(wrk: str | None, name: str, url: str, duration: int, connections: int) -> Result:
    warm = httpx.get(url, timeout=60)  # warm the caches and the connection pool
    rows = 1
    if "format=csv" in url:  # big bodies: a few connections, or every request times out
        connections, duration = min(connections, 4), max(duration, 10)
        rows = max(warm.text.count("\n") - 1, 1)
    if wrk:
        result = run_wrk(wrk, name, url, duration, connections)
    else:
        result = run_client(name, url, duration, connections)
    return dataclasses.replace(result, rows=rows)


def vacuum(url: str) -> None:
    """Settle the table after a bulk load, as a long-running deployment would be."""
    import asyncpg

    from app.data_version import asyncpg_dsn

    async def run() -> None:
        connection = await asyncpg.connect(asyncpg_dsn(url))
        await connection.execute("VACUUM ANALYZE observations")
        await connection.close()

    asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=5, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--large", type=int, default=1_000_000, help="rows in the large run")
    options = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="county-bench-"))
    pgdata = scratch / "postgres"
    server_url = start_embedded(pgdata)
    base_env = {
        **os.environ,
        "COUNTY_DATA_DIR": str(scratch),
        "COUNTY_LOG_LEVEL": "warning",
        "COUNTY_RATE_SEARCH": "1000000000",
        "COUNTY_DB_POOL_SIZE": str(options.connections),
    }
    wrk = ensure_wrk()
    print(
        f"load generator: {'wrk' if wrk else 'async client (wrk not available)'}", file=sys.stderr
    )
    synth = ["synth", "--database", "county_bench"]
    admin_env = {**base_env, "DATABASE_URL": server_url}
    # 1,000 rows: 10 counties × 20 years × 5 indicators. The large run adds other counties only,
    # so every URL measured answers the same body at both sizes.
    small = ["--entities", "10", "--years", "20", "--indicators", "5"]
    bench_url = county(*synth, *small, env=admin_env).strip().splitlines()[-1]
    env = {**base_env, "DATABASE_URL": bench_url}
    county("seed", env=env)
    static = Server(
        [
            PYTHON,
            "-m",
            "uvicorn",
            "bench.static_app:app",
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        {**base_env, "COUNTY_BENCH_FLOOR_URL": bench_url},
        "/static",
    )
    sizes: dict[str, dict[str, tuple[Result, Result]]] = {}
    peaks: dict[str, int] = {}
    try:
        for label in ("1,000 rows", f"{options.large:,} rows"):
            if label != "1,000 rows":
                counties = str(options.large // (20 * 20))
                large = [
                    "--skip",
                    "10",
                    "--entities",
                    counties,
                    "--years",
                    "20",
                    "--indicators",
                    "20",
                ]
                county(*synth, *large, env=admin_env)
                vacuum(bench_url)
            serve = [PYTHON, "-m", "app", "serve"]
            cached = Server(serve, env, "/readyz")
            uncached = Server(serve, {**env, "COUNTY_CACHE_ENTRIES": "0"}, "/readyz")
            try:
                entity = "110101"
                indicator = httpx.get(
                    f"{cached.base}/v1/observations?entity={entity}&limit=1"
                ).json()["items"][0]["indicator"]["code"]
                listing = f"/v1/observations?entity={entity}&limit=20"
                print(f"{label}:", file=sys.stderr)
                sizes[label] = measure(
                    wrk,
                    f"{static.base}/static",
                    [
                        ("list page, cache hit", f"{cached.base}{listing}"),
                        ("list page, cache miss", f"{uncached.base}{listing}"),
                        ("floor: same SQL, asyncpg", f"{static.base}/floor"),
                        (
                            "series (filtered)",
                            f"{uncached.base}/v1/entities/{entity}/series/{indicator}",
                        ),
                        ("park page", f"{uncached.base}/v1/parks/{PARK}"),
                        ("search", f"{uncached.base}/v1/search?q={quote('东城区')}&limit=20"),
                        (
                            "CSV, 10,000 rows",
                            f"{uncached.base}/v1/observations?format=csv&limit=10000",
                        ),
                    ],
                    options.duration,
                    options.connections,
                )
            finally:
                cached.close()
                uncached.close()
            peaks[label] = max(cached.peak_rss, uncached.peak_rss)
    finally:
        static.close()
        stop_embedded(pgdata)
        shutil.rmtree(scratch, ignore_errors=True)
    report(sizes, peaks, static.peak_rss, options)


def report(
    sizes: dict[str, dict[str, tuple[Result, Result]]],
    peaks: dict[str, int],
    static_peak: int,
    options: argparse.Namespace,
) -> None:
    small, large = list(sizes)
    print(
        f"\ncounty-indicators benchmark: {options.connections} connections "
        f"(CSV: 4), {options.duration} s each, 1 worker; each request measured right after "
        "the static FastAPI route, and its ratio is to that run"
    )
    header = (
        f"{'request':<24}{'rows':>12}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
        f"{'static/s':>10}{'× static':>10}{'errors':>8}"
    )
    print(header)
    print("-" * len(header))
    for label in (small, large):
        for name, (result, static) in sizes[label].items():
            print(
                f"{name:<24}{label.split()[0]:>12}{result.rps:9.0f}{result.p50_ms:9.1f}"
                f"{result.p99_ms:9.1f}{static.rps:10.0f}{result.rps / static.rps:10.2f}"
                f"{result.errors:>8}"
            )
    print(
        "\ncost at the large size ÷ cost at 1,000 rows, each relative to its static run (≤ 1.5;"
        " a CSV export per row: it holds all 1,000 rows at the small size):"
    )
    for name, (result, static) in sizes[small].items():
        big, big_static = sizes[large][name]
        small_ratio = result.rps / static.rps * result.rows
        large_ratio = big.rps / big_static.rps * big.rows if big.rps else 0.0
        cost = small_ratio / large_ratio if large_ratio else float("inf")
        rows = f"  ({result.rows:,} and {big.rows:,} rows)" if result.rows > 1 else ""
        print(f"  {name:<24}{cost:6.2f}{rows}")
    s = sizes[small]
    hit, hit_static = s["list page, cache hit"]
    miss, miss_static = s["list page, cache miss"]
    print("\ntargets (1,000 rows):")
    print(f"  cached list ≥ 0.6 × static:   {hit.rps / hit_static.rps:.2f}")
    floor, floor_static = s["floor: same SQL, asyncpg"]
    print(
        f"  uncached list ≥ 0.3 × static: {miss.rps / miss_static.rps:.2f} "
        f"(floor: the same query on raw asyncpg + orjson, no middleware: "
        f"{floor.rps / floor_static.rps:.2f})"
    )
    print(f"  p99 of cached reads < 20 ms:  {hit.p99_ms:.1f} ms")
    print(
        "\npeak resident memory: API "
        + ", ".join(f"{label}: {peak / 2**20:.0f} MiB" for label, peak in peaks.items())
        + f"; static route {static_peak / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
