"""`county synth`: COPY of marked synthetic rows into a separate database."""

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import create_async_engine

from app import migrate
from app.embedded import start_embedded, stop_embedded
from app.models import Observation, Source
from app.services.seed import seed_reference
from app.services.synth import synthesize


def test_synthetic_rows_are_copied_and_marked(scratch_url: str) -> None:
    migrate.upgrade(scratch_url)

    async def run() -> tuple[int, int, int, set[str]]:
        engine = create_async_engine(scratch_url)
        from sqlalchemy.ext.asyncio import AsyncSession

        async with engine.begin() as connection:
            await seed_reference(AsyncSession(bind=connection))
        async with engine.begin() as connection:
            written = await synthesize(connection, entities=3, years=4, indicators=5)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(select(func.count()).select_from(Observation))
            ).scalar_one()
            sources = (
                await connection.execute(select(func.count()).where(Source.synthetic.is_(True)))
            ).scalar_one()
            methods = set(
                (
                    await connection.execute(select(Observation.extraction_method).distinct())
                ).scalars()
            )
        await engine.dispose()
        return written, rows, sources, methods

    written, rows, sources, methods = asyncio.run(run())
    assert written == rows == 3 * 4 * 5
    assert sources == 3
    assert methods == {"synthetic"}


def test_synth_creates_its_database_in_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`county synth` makes its own database: UTF-8 with a UTF-8 character type like every
    other path, even on a server initialised under the C locale (pg_trgm needs it to index
    Chinese text)."""
    from app.cli import _ensure_database

    monkeypatch.setenv("LC_ALL", "C")
    monkeypatch.setenv("LANG", "C")
    pgdata = tmp_path / "postgres"
    county_url = start_embedded(pgdata)
    try:
        synth_url = _ensure_database(county_url, "synth_utf8")
        query = "SELECT pg_encoding_to_char(encoding), datctype, datlocale FROM pg_database "
        query += "WHERE datname = current_database()"
        encoding, ctype, locale = asyncio.run(_one_row(synth_url, query))
        assert encoding == "UTF8" and "UTF-8" in f"{ctype} {locale}"
    finally:
        stop_embedded(pgdata)


async def _one_row(url: str, query: str) -> tuple[object, ...]:
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return tuple((await connection.execute(text(query))).one())
    finally:
        await engine.dispose()
