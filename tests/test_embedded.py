"""The embedded PostgreSQL: real server binaries, data that survives a restart."""

import asyncio
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import Settings
from app.db import resolve_database_url
from app.embedded import stop_embedded


async def _run(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        result = await connection.execute(text(sql))
        rows = [tuple(r) for r in result] if result.returns_rows else []
    await engine.dispose()
    return rows


def test_embedded_server_keeps_its_data_across_restarts(tmp_path: Path) -> None:
    settings = Settings(database_url=None, county_data_dir=tmp_path)
    url = resolve_database_url(settings, create=True)
    assert (tmp_path / "postgres" / "PG_VERSION").exists()
    asyncio.run(_run(url, "CREATE TABLE kept (n int)"))
    asyncio.run(_run(url, "INSERT INTO kept VALUES (42)"))
    version = asyncio.run(_run(url, "SELECT current_setting('server_version_num')::int"))
    assert int(str(version[0][0])) >= 150000

    stop_embedded(tmp_path / "postgres")
    try:
        url_again = resolve_database_url(settings, create=True)
        assert asyncio.run(_run(url_again, "SELECT n FROM kept")) == [(42,)]
    finally:
        stop_embedded(tmp_path / "postgres")
