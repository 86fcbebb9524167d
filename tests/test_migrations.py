"""The schema comes only from Alembic: down to base and up again, and no drift from the models."""

import asyncio

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from app import migrate
from app.models import Base


def _tables(url: str) -> set[str]:
    async def read() -> set[str]:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            names = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        await engine.dispose()
        return names

    return asyncio.run(read())


def _drift(url: str) -> list[object]:
    def compare(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async def run() -> list[object]:
        engine = create_async_engine(url)
        async with engine.connect() as connection:
            diff = await connection.run_sync(compare)
        await engine.dispose()
        return diff

    return asyncio.run(run())


def test_downgrade_to_base_then_upgrade_to_head(make_database: object) -> None:
    url: str = make_database()  # type: ignore[operator]
    migrate.upgrade(url)
    assert {"sources", "entities", "indicators", "observations"} <= _tables(url)
    migrate.downgrade(url, "base")
    assert _tables(url) == {"alembic_version"}
    migrate.upgrade(url)
    assert {"sources", "entities", "indicators", "observations"} <= _tables(url)


def test_models_and_migrations_agree(make_database: object) -> None:
    url: str = make_database()  # type: ignore[operator]
    migrate.upgrade(url)
    assert _drift(url) == []


def test_constraints_reject_bad_rows(make_database: object) -> None:
    url: str = make_database()  # type: ignore[operator]
    migrate.upgrade(url)

    async def insert_bad() -> str:
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                await connection.execute(
                    text(
                        "INSERT INTO indicators (code, name_zh, name_en, unit, category) "
                        "VALUES ('x', 'x', 'x', 'furlong', 'economy')"
                    )
                )
        except Exception as exc:  # the CHECK on known units
            return type(exc).__name__ + str(exc)
        finally:
            await engine.dispose()
        return "accepted"

    assert "ck_indicators_unit" in asyncio.run(insert_bad())
