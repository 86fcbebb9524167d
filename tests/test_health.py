import httpx
import pytest
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import Settings
from app.db import sessionmaker_for
from app.main import create_app


async def test_healthz_answers_without_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_ready_at_the_migration_head(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["revision"] == body["head"] is not None


async def test_readyz_is_503_on_an_unmigrated_database(
    scratch_url: str, settings: Settings
) -> None:
    url = scratch_url
    app = create_app(settings, database_url=url)
    app.state.engine = create_async_engine(url)
    app.state.sessionmaker = sessionmaker_for(app.state.engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        response = await client.get("/readyz")
    await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "behind"


@pytest.mark.parametrize("port", [1])
async def test_readyz_is_503_when_the_database_is_unreachable(
    settings: Settings, port: int
) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/none"
    app = create_app(settings, database_url=url)
    app.state.engine = create_async_engine(url, connect_args={"timeout": 2})
    app.state.sessionmaker = sessionmaker_for(app.state.engine)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://t"
    ) as client:
        response = await client.get("/readyz")
    await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
