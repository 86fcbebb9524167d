"""One renderer for every error: RFC 9457 problem+json."""

import logging
from http import HTTPStatus
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.routing import iter_route_contexts
from sqlalchemy.exc import DataError, DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException
from starlette.routing import Match

from app.errors import AppError

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("county.errors")


def problem_bytes(status: int, detail: str, instance: str, **extra: Any) -> bytes:
    title = "Content Too Large" if status == 413 else HTTPStatus(status).phrase
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    return orjson.dumps({**body, "instance": instance, **extra})


def problem(
    status: int,
    detail: str,
    request: Request,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> Response:
    if status == 503:
        headers = {"Retry-After": "5", **(headers or {})}
    body = problem_bytes(status, detail, request.url.path, **extra)
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    """Every method any route on this path accepts (Starlette lists only the first route's)."""
    methods: set[str] = set()
    # iter_route_contexts: the routes of included routers too, with their full paths
    for route in iter_route_contexts(request.app.router.routes):
        match, _ = route.matches(request.scope)
        if match in (Match.FULL, Match.PARTIAL):
            methods |= set(getattr(route, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")  # see app.api.head
    return sorted(methods)


def _is_unavailable(exc: BaseException) -> bool:
    if isinstance(exc, PoolTimeout | OperationalError | InterfaceError | ConnectionError | OSError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def install(app: FastAPI) -> None:
    @app.exception_handler(AppError)
    async def app_error(request: Request, exc: AppError) -> Response:
        return problem(exc.status, exc.detail, request, exc.headers, **exc.extra)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            allowed = allowed_methods(request)
            headers["Allow"] = ", ".join(allowed)
            detail = f"{request.method} is not allowed here; use {', '.join(allowed)}"
        return problem(exc.status_code, detail, request, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": [str(part) for part in err["loc"]], "msg": err["msg"], "type": err["type"]}
            for err in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'])}: {e['msg']}" for e in errors)
        return problem(422, detail, request, errors=errors)

    @app.exception_handler(Exception)
    async def unhandled(request: Request, exc: Exception) -> Response:
        if isinstance(exc, DataError):  # a value PostgreSQL cannot take: the client's to fix
            return problem(422, "a value cannot be stored (out of range or malformed)", request)
        if _is_unavailable(exc) or _is_unavailable(exc.__cause__ or exc):
            log.warning("database unavailable: %s", exc)
            return problem(503, "The database is unavailable; retry shortly.", request)
        log.exception("unhandled error")
        return problem(500, "An unexpected error occurred; it has been logged.", request)
