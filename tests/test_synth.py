"""`county synth`: COPY of marked synthetic rows into a separate database."""

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import create_async_engine

from app import migrate
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
