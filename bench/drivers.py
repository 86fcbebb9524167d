"""Compare the asyncpg and psycopg 3 drivers under SQLAlchemy's async engine, in one run.

usage: python bench/drivers.py [DATABASE_URL]   (default: the embedded server)

Each driver runs the same work: a 20-row page from an indexed table, sequentially and with 32
concurrent tasks on a pool of 32. Prints requests per second and the ratio between drivers.
"""

from __future__ import annotations

import asyncio
import sys
import time

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from app.config import get_settings
from app.db import resolve_database_url

QUERY = text("SELECT id, label, value FROM bench_rows WHERE id > :after ORDER BY id LIMIT 20")
ROUNDS = 3000


async def prepare(engine: AsyncEngine) -> None:
    async with engine.begin() as connection:
        await connection.execute(text("DROP TABLE IF EXISTS bench_rows"))
        await connection.execute(
            text("CREATE TABLE bench_rows (id bigint PRIMARY KEY, label text, value numeric)")
        )
        await connection.execute(
            text(
                "INSERT INTO bench_rows SELECT g, 'row ' || g, g * 1.5 "
                "FROM generate_series(1, 100000) AS g"
            )
        )


async def sequential(engine: AsyncEngine) -> float:
    async with engine.connect() as connection:
        started = time.perf_counter()
        for i in range(ROUNDS):
            (await connection.execute(QUERY, {"after": (i * 37) % 90000})).all()
        return ROUNDS / (time.perf_counter() - started)


async def concurrent(engine: AsyncEngine) -> float:
    async def one(i: int) -> None:
        async with engine.connect() as connection:
            (await connection.execute(QUERY, {"after": (i * 37) % 90000})).all()

    started = time.perf_counter()
    for batch in range(0, ROUNDS, 32):
        await asyncio.gather(*(one(i) for i in range(batch, batch + 32)))
    return ROUNDS / (time.perf_counter() - started)


async def main(url: str) -> None:
    base = make_url(url)
    results = {}
    for driver in ("asyncpg", "psycopg"):
        engine = create_async_engine(base.set(drivername=f"postgresql+{driver}"), pool_size=32)
        if driver == "asyncpg":
            await prepare(engine)
        await sequential(engine)  # warm up
        results[driver] = (await sequential(engine), await concurrent(engine))
        await engine.dispose()
    print(f"{'driver':10} {'sequential q/s':>15} {'32 concurrent q/s':>18}")
    for driver, (seq, conc) in results.items():
        print(f"{driver:10} {seq:15.0f} {conc:18.0f}")
    a, p = results["asyncpg"], results["psycopg"]
    print(f"asyncpg/psycopg: sequential {a[0] / p[0]:.2f}x, concurrent {a[1] / p[1]:.2f}x")


if __name__ == "__main__":
    target = sys.argv[1] if len(sys.argv) > 1 else resolve_database_url(get_settings())
    asyncio.run(main(target))
