"""The one error shape (RFC 9457), including 500 and 503."""

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import create_async_engine

from app.config import Settings
from app.db import sessionmaker_for
from app.main import create_app

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance"}


async def test_an_unexpected_error_is_a_500_problem_without_internals(app: FastAPI) -> None:
    @app.get("/v1/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        response = await client.get("/v1/boom")
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert set(body) == PROBLEM_KEYS and "secret" not in body["detail"]


async def test_an_unreachable_database_is_a_quick_503(settings: Settings) -> None:
    url = "postgresql+asyncpg://postgres@127.0.0.1:1/none"
    app = create_app(settings, database_url=url)
    app.state.engine = create_async_engine(url, pool_timeout=1, connect_args={"timeout": 1})
    app.state.sessionmaker = sessionmaker_for(app.state.engine)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://t", timeout=10) as client:
        response = await client.get("/v1/indicators")
    await app.state.engine.dispose()
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["retry-after"]
    assert set(response.json()) == PROBLEM_KEYS
