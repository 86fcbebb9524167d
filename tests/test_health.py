import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

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


async def _readyz(settings: Settings, engine: AsyncEngine) -> httpx.Response:
    app = create_app(settings, database_url=engine.url.render_as_string(hide_password=False))
    app.state.engine = engine
    app.state.sessionmaker = sessionmaker_for(engine)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/readyz")
    await engine.dispose()
    return response


async def test_readyz_is_503_on_an_unmigrated_database(
    scratch_url: str, settings: Settings
) -> None:
    response = await _readyz(settings, create_async_engine(scratch_url))
    assert response.status_code == 503
    assert response.json()["database"] == "behind"


@pytest.mark.parametrize("port", [1])
async def test_readyz_is_503_when_the_database_is_unreachable(
    settings: Settings, port: int
) -> None:
    url = f"postgresql+asyncpg://postgres@127.0.0.1:{port}/none"
    response = await _readyz(settings, create_async_engine(url, connect_args={"timeout": 2}))
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"
