"""Liveness and readiness probes for load balancers and orchestrators."""

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine

from app.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])


class Readiness(BaseModel):
    status: str = Field(examples=["ready"])
    database: str = Field(examples=["ok"], description="ok, unreachable or behind")
    revision: str | None = Field(examples=["110a8316c3a9"])
    head: str | None = Field(examples=["110a8316c3a9"])


@router.get("/healthz", operation_id="health", summary="The process is alive")
async def healthz() -> Health:
    """Answers 200 while the process runs; it does not touch the database."""
    return Health(status="ok")


@router.get(
    "/readyz",
    operation_id="readiness",
    summary="The database is reachable and migrated",
    response_model=Readiness,
    responses={503: {"model": Readiness, "description": "Not ready"}},
)
async def readyz(request: Request) -> Readiness | JSONResponse:
    """200 when PostgreSQL answers and its schema is at the migration head; 503 otherwise."""
    engine: AsyncEngine = request.app.state.engine
    head = head_revision()
    try:
        async with engine.connect() as connection:
            revision = await connection.run_sync(current_revision)
    except Exception:
        body = Readiness(status="not ready", database="unreachable", revision=None, head=head)
        return JSONResponse(body.model_dump(), status_code=503)
    if revision != head:
        body = Readiness(status="not ready", database="behind", revision=revision, head=head)
        return JSONResponse(body.model_dump(), status_code=503)
    return Readiness(status="ready", database="ok", revision=revision, head=head)
