"""The yardsticks, served like the API (one uvicorn worker) in the same benchmark run.

- `/static`: a FastAPI route returning a fixed 1 KB JSON body; every ratio is to it.
- `/floor`: the list page's own SQL (compiled from the service's statement) run on a raw
  asyncpg pool, rows dumped by orjson: no session, no middleware, no representation work. What
  any uncached read of that page can reach on this machine, whatever the API does around it.
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any

import asyncpg
import orjson
from fastapi import FastAPI
from fastapi.responses import Response
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import make_url

from app.services import observations as service

BODY = (
    b'{"items":[' + b",".join(b'{"id":%d,"value":"%s"}' % (i, b"x" * 24) for i in range(24)) + b"]}"
)
FLOOR_URL = os.environ.get("COUNTY_BENCH_FLOOR_URL")
state: dict[str, Any] = {}


def _floor_query(entity: str, limit: int) -> tuple[str, list[Any]]:
    statement, values = service.list_statement(service.Filters(entity=entity), "id", None, limit)
    compiled = statement.compile(dialect=postgresql.asyncpg.dialect())  # type: ignore[no-untyped-call]
    params = {**compiled.params, **values}
    return str(compiled), [params[name] for name in compiled.positiontup or ()]


@asynccontextmanager
async def lifespan(_: FastAPI) -> AsyncIterator[None]:
    if FLOOR_URL:
        dsn = make_url(FLOOR_URL).set(drivername="postgresql").render_as_string(False)
        state["pool"] = await asyncpg.create_pool(dsn, min_size=4, max_size=32)
        state["query"] = _floor_query(os.environ.get("COUNTY_BENCH_ENTITY", "110101"), 20)
    yield
    if "pool" in state:
        await state["pool"].close()


app = FastAPI(lifespan=lifespan)


@app.get("/static")
async def static() -> Response:
    return Response(BODY, media_type="application/json")


def _number(value: object) -> float:
    if isinstance(value, Decimal):
        return float(value)
    raise TypeError


@app.get("/floor")
async def floor() -> Response:
    sql, args = state["query"]
    async with state["pool"].acquire() as connection:
        rows = await connection.fetch(sql, *args)
    body = orjson.dumps({"items": [dict(row) for row in rows[:20]]}, default=_number)
    return Response(body, media_type="application/json")
