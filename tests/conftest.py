"""Test fixtures: a fresh PostgreSQL database per run, migrated and seeded; a rolled-back
transaction per test.

With DATABASE_URL set, the run creates (and drops) its own database on that server; unset, it
starts an embedded server in a temporary directory. The developer's own data is never touched.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, create_async_engine

from app import migrate
from app.config import Settings, get_settings
from app.db import (
    async_url,
    create_engine,
    create_utf8_database,
    get_read_session,
    get_session,
    sessionmaker_for,
)
from app.embedded import start_embedded
from app.main import create_app


def _admin_url(tmp: Path) -> str:
    configured = os.environ.get("DATABASE_URL")
    if configured:
        return async_url(configured)
    return start_embedded(tmp / "postgres")


async def _drop_database(admin_url: str, name: str) -> None:
    engine = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


@pytest.fixture(scope="session")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _admin_url(tmp_path_factory.mktemp("pg"))


@pytest.fixture(scope="session")
def make_database(admin_url: str) -> Iterator[object]:
    """A factory for empty scratch databases, all dropped at the end of the run."""
    created: list[str] = []

    def make() -> str:
        name = f"county_test_{uuid.uuid4().hex[:10]}"
        asyncio.run(create_utf8_database(admin_url, name))
        created.append(name)
        return make_url(admin_url).set(database=name).render_as_string(hide_password=False)

    yield make
    for name in created:
        asyncio.run(_drop_database(admin_url, name))


@pytest.fixture
def scratch_url(make_database: object) -> str:
    """An empty database of its own, for tests that migrate or break things."""
    url: str = make_database()  # type: ignore[operator]
    return url


@pytest.fixture(scope="session")
def database_url(make_database: object, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The run's database: migrated to head and seeded once."""
    from app.services.seed import seed

    url: str = make_database()  # type: ignore[operator]
    migrate.upgrade(url)

    async def load() -> None:
        engine = create_async_engine(url)
        async with sessionmaker_for(engine)() as session, session.begin():
            await seed(session)
        await engine.dispose()

    asyncio.run(load())
    return url


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory, database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        county_data_dir=tmp_path_factory.mktemp("data"),
        county_cors_origins=["https://dashboard.example"],
        county_rate_writes=10_000,
        county_rate_search=10_000,
    )


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    monkeypatch.setenv("COUNTY_DATA_DIR", str(tmp_path_factory.getbasetemp() / "county-data"))
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(scope="session")
async def engine(settings: Settings, database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, settings)
    yield engine
    await engine.dispose()


@pytest.fixture
async def connection(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    async with engine.connect() as connection:
        transaction = await connection.begin()
        yield connection
        await transaction.rollback()


@pytest.fixture
async def session(connection: AsyncConnection) -> AsyncIterator[AsyncSession]:
    """A session whose commits become savepoints of the test's transaction."""
    async with AsyncSession(
        bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False
    ) as session:
        yield session


@pytest.fixture
def app(settings: Settings, engine: AsyncEngine, session: AsyncSession) -> FastAPI:
    application = create_app(settings, database_url=settings.database_url)
    application.state.engine = engine
    application.state.sessionmaker = sessionmaker_for(engine)

    async def test_session() -> AsyncIterator[AsyncSession]:
        # the request's transaction is a savepoint of the test's: committed or rolled back alike
        savepoint = await session.begin_nested()
        try:
            yield session
            await session.flush()
            await savepoint.commit()
        except BaseException:
            await savepoint.rollback()
            raise

    application.dependency_overrides[get_session] = test_session
    application.dependency_overrides[get_read_session] = test_session
    return application


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def writer(session: AsyncSession) -> str:
    """A write-scope API key, inside the test's transaction."""
    from app.services import keys

    _, secret = await keys.create(session, f"writer-{uuid.uuid4().hex[:6]}", "write")
    return secret


@pytest.fixture
async def admin(session: AsyncSession) -> str:
    from app.services import keys

    _, secret = await keys.create(session, f"admin-{uuid.uuid4().hex[:6]}", "admin")
    return secret
