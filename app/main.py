"""The ASGI application: `create_app()` builds it; nothing is read at import time."""

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from asgi_correlation_id import CorrelationIdFilter, CorrelationIdMiddleware
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi

from app import __version__, datafiles, problems
from app.api import health
from app.api import v1 as api_v1
from app.api.caching import CachingMiddleware
from app.api.head import HeadAsGet
from app.api.limits import BodySizeLimit, RateLimitHeaders
from app.config import Settings, get_settings
from app.data_version import DataVersionWatcher
from app.db import create_engine, resolve_database_url, sessionmaker_for
from app.schemas.common import Problem
from app.schemas.writes import NO_NUL, SourceCreate
from app.services import parsing
from app.services.rate_limits import RateLimiter
from app.web import pages

DESCRIPTION = """
Figures on a county's economy, parsed out of Chinese news and government reports, each served
with its **provenance**: the source article, the exact sentence and the character span it came
from.

* Every figure carries its value in base units (`1200亿元` is `120000000000` `CNY`), a display
  string in Chinese and English, its qualifier (`approx`, `more_than`, `less_than`) with the
  bounds it implies, its period, its kind (actual, target, expected, cumulative), a ready
  citation, and links to the original article and to our stored copy.
* Lists are keyset-paginated: follow `next` until it is `null`. `?format=csv` (or
  `Accept: text/csv`) gives a spreadsheet (UTF-8 with BOM) with provenance columns.
* Reads carry `ETag` and `Cache-Control`; send `If-None-Match` to get `304 Not Modified`.
* Errors are RFC 9457 `application/problem+json` documents.
"""

TAGS = [
    {"name": "observations", "description": "Every figure, with filters and provenance."},
    {"name": "indicators", "description": "The catalogue of what figures measure."},
    {"name": "entities", "description": "Places and things, their series, GDP and volunteers."},
    {"name": "parks", "description": "Industrial park progress."},
    {"name": "projects", "description": "Investment projects."},
    {"name": "sources", "description": "Reports, their figures and their stored text."},
    {"name": "search", "description": "Search for journalists."},
    {"name": "health", "description": "Probes for load balancers."},
]


def _configure_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.addFilter(CorrelationIdFilter(uuid_length=32, default_value="-"))
    handler.setFormatter(
        logging.Formatter("%(levelname)s [%(correlation_id)s] %(name)s: %(message)s")
    )
    logger = logging.getLogger("county")
    logger.handlers[:] = [handler]
    logger.setLevel(level.upper())
    logger.propagate = False


def _forbid_nul(schema: dict[str, Any]) -> None:
    """Say in a parameter's schema what `reject_unknown_parameters` enforces: no NUL in URLs."""
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "string" and not {"pattern", "enum", "format"} & option.keys():
            option["pattern"] = NO_NUL


def _header(description: str, example: str) -> dict[str, Any]:
    return {"description": description, "schema": {"type": "string"}, "example": example}


REQUEST_ID = _header("The request's id, also in the logs.", "4bf92f3577b34da6a3ce929d0e0e4736")
READ_HEADERS = {
    "ETag": _header("A hash of the body: send it as If-None-Match for a 304.", 'W/"9c1e7a0d"'),
    "Cache-Control": _header("How long caches may keep it.", "public, max-age=60"),
    "Link": _header("The next page of a list, while more remains.", '<…&cursor=120>; rel="next"'),
    "X-Request-ID": REQUEST_ID,
}
RATE_HEADERS = {
    "RateLimit-Limit": _header("Requests allowed a minute.", "60"),
    "RateLimit-Remaining": _header("Requests left this minute.", "59"),
    "RateLimit-Reset": _header("Seconds until the minute ends.", "42"),
}
WRITE_METHODS = {"post", "patch", "put", "delete"}


def _document_transport(method: str, operation: dict[str, Any]) -> None:
    """The headers, 304s and key that the middleware and the auth dependencies add, stated in
    each operation so that generated clients know them."""
    responses = operation.setdefault("responses", {})
    if method == "get":
        for status, response in responses.items():
            if status.startswith("2"):
                response.setdefault("headers", {}).update(READ_HEADERS)
        responses["304"] = {
            "description": "Not modified: the If-None-Match ETag is current.",
            "headers": {"ETag": READ_HEADERS["ETag"], "X-Request-ID": REQUEST_ID},
        }
    if method in WRITE_METHODS:
        operation["security"] = [{"bearerAuth": []}]
        for status, response in responses.items():
            if status.startswith("2"):
                response.setdefault("headers", {}).update(
                    RATE_HEADERS | {"X-Request-ID": REQUEST_ID}
                )
    if "429" in responses:
        retry = _header("Seconds to wait before trying again.", "30")
        responses["429"].setdefault("headers", {}).update(RATE_HEADERS | {"Retry-After": retry})


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The generated document, with every 4xx/5xx answer described as a Problem."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=TAGS,
        contact=app.contact,
        license_info=app.license_info,
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components["SourceCreate"] = SourceCreate.model_json_schema(
        ref_template="#/components/schemas/{model}"
    )
    schema["components"]["securitySchemes"] = {
        "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key made with `county keys create`, for writes.",
        }
    }
    problem_ref = {"$ref": "#/components/schemas/Problem"}
    for path in schema["paths"].values():
        for method, operation in path.items():
            _document_transport(method, operation)
            for parameter in operation.get("parameters", []):
                _forbid_nul(parameter["schema"])
            responses = operation.get("responses", {})
            if "422" in responses:
                responses["422"] = {
                    "description": "A parameter or body field has a bad value",
                    "content": {"application/problem+json": {"schema": problem_ref}},
                }
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    app.openapi_schema = schema
    return schema


def create_app(settings: Settings | None = None, database_url: str | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        datafiles.check_all(settings.county_seed_dir)
        url = database_url or resolve_database_url(settings)
        app.state.engine = create_engine(url, settings)
        app.state.sessionmaker = sessionmaker_for(app.state.engine)
        read_url = settings.database_read_url or url
        app.state.read_engine = (
            create_engine(read_url, settings) if read_url != url else app.state.engine
        )
        # Reads run in autocommit: no BEGIN and ROLLBACK around each one (same pool).
        app.state.read_sessionmaker = sessionmaker_for(
            app.state.read_engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        app.state.data_version = DataVersionWatcher(url)
        app.state.data_version.start()
        yield
        await app.state.data_version.stop()
        await asyncio.to_thread(parsing.shutdown)
        await app.state.engine.dispose()
        if app.state.read_engine is not app.state.engine:
            await app.state.read_engine.dispose()

    app = FastAPI(
        title="county-indicators",
        version=__version__,
        description=DESCRIPTION,
        contact={
            "name": "county-indicators maintainers",
            "email": "data@county-indicators.example",
        },
        license_info={"name": "MIT", "identifier": "MIT"},
        openapi_tags=TAGS,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.rate_limiter = RateLimiter()
    # Innermost first: compression, then the cache (which keeps compressed bodies, so a hit is
    # a lookup and a send), the quota headers outside it; the request id is outermost.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(CachingMiddleware, max_entries=settings.county_cache_entries)
    app.add_middleware(RateLimitHeaders)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.county_cors_origins,
        allow_methods=["GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"],
        allow_headers=["*"],
        expose_headers=[
            "ETag",
            "X-Request-ID",
            "Link",
            "Retry-After",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
        ],
    )
    app.add_middleware(BodySizeLimit, limit=settings.county_max_body_bytes)
    app.add_middleware(CorrelationIdMiddleware, header_name="X-Request-ID")
    app.add_middleware(HeadAsGet)
    problems.install(app)
    app.include_router(health.router)
    app.include_router(api_v1.router)
    app.include_router(pages.router)
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    _configure_logging(settings.county_log_level)
    return app
