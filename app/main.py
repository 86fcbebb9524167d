"""The ASGI application: `create_app()` builds it; nothing is read at import time."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware

from app import __version__, problems
from app.api import health
from app.config import Settings, get_settings
from app.db import create_engine, resolve_database_url, sessionmaker_for

DESCRIPTION = """
Figures on a county's economy, parsed out of Chinese news and government reports, each served
with its provenance: the source article, the exact sentence and the character span it came from.
"""


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        url = database_url or resolve_database_url(settings)
        app.state.engine = create_engine(url, settings)
        app.state.sessionmaker = sessionmaker_for(app.state.engine)
        yield
        await app.state.engine.dispose()

    app = FastAPI(
        title="county-indicators",
        version=__version__,
        description=DESCRIPTION,
        contact={"name": "county-indicators maintainers", "url": "https://example.org/county"},
        license_info={"name": "MIT"},
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.county_cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "X-Request-ID", "Link"],
    )
    problems.install(app)
    app.include_router(health.router)
    logging.getLogger("county").setLevel(settings.county_log_level.upper())
    return app
