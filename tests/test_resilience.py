"""Real concurrency and a real database outage: committed data, engines of their own."""

import asyncio
import time
from pathlib import Path

import httpx
import pytest
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from app import migrate
from app.config import Settings
from app.db import create_engine, sessionmaker_for
from app.embedded import start_embedded, stop_embedded
from app.main import create_app
from app.models import ApiKey, Source
from app.services import keys

REPORT = "德化县去年接待游客1200万人次，旅游收入150亿元。"


def live_app(settings: Settings, engine: AsyncEngine) -> httpx.AsyncClient:
    app = create_app(settings, database_url=settings.database_url)
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker_for(engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://t", timeout=30)


async def test_two_identical_posts_at_once_make_one_source(
    settings: Settings, database_url: str
) -> None:
    engine = create_engine(database_url, settings)
    async with sessionmaker_for(engine)() as session, session.begin():
        key, secret = await keys.create(session, "concurrent-writer", "write")
    try:
        async with live_app(settings, engine) as client:
            headers = {"Authorization": f"Bearer {secret}"}
            responses = await asyncio.gather(
                *(
                    client.post("/v1/sources", json={"text": REPORT}, headers=headers)
                    for _ in range(4)
                )
            )
        assert sorted(r.status_code for r in responses) == [200, 200, 200, 201]
        assert len({r.json()["slug"] for r in responses}) == 1
        async with engine.connect() as connection:
            stored = await connection.execute(
                select(func.count()).select_from(Source).where(Source.text.contains("接待游客"))
            )
            assert stored.scalar_one() == 1
    finally:
        async with engine.begin() as connection:
            await connection.execute(delete(Source).where(Source.text.contains("接待游客")))
            await connection.execute(delete(ApiKey).where(ApiKey.name == "concurrent-writer"))
        await engine.dispose()


async def _timed(client: httpx.AsyncClient, url: str) -> tuple[int, float]:
    started = time.perf_counter()
    response = await client.get(url)
    return response.status_code, time.perf_counter() - started


@pytest.mark.slow
def test_service_survives_postgres_stopping_and_starting(tmp_path: Path) -> None:
    pgdata = tmp_path / "postgres"
    url = start_embedded(pgdata)
    migrate.upgrade(url)
    settings = Settings(database_url=url, county_data_dir=tmp_path, county_db_timeout=2)

    async def scenario() -> None:
        engine = create_engine(url, settings)
        async with live_app(settings, engine) as client:
            assert (await client.get("/v1/indicators")).status_code == 200
            assert (await client.get("/readyz")).status_code == 200
            await asyncio.to_thread(stop_embedded, pgdata)
            during = [await _timed(client, "/v1/indicators") for _ in range(3)]
            assert all(status == 503 for status, _ in during), during
            assert all(seconds < 5 for _, seconds in during), during
            assert (await client.get("/readyz")).status_code == 503
            assert (await client.get("/healthz")).status_code == 200
            await asyncio.to_thread(start_embedded, pgdata)
            after = [await _timed(client, "/v1/indicators") for _ in range(2)]
            assert [status for status, _ in after] == [200, 200], after
            assert (await client.get("/readyz")).status_code == 200
        await engine.dispose()

    try:
        asyncio.run(scenario())
    finally:
        stop_embedded(pgdata)
