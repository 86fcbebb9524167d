"""/v1/export: every figure that matches, streamed (NDJSON or CSV), in constant memory."""

from collections.abc import AsyncIterator
from typing import Annotated, Literal

import orjson
from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from app.api.common import FieldsDep, StrictQuery, csv_lines, public_url
from app.db import read_sessions
from app.schemas.common import READ_PROBLEMS
from app.schemas.queries import ObservationFilters
from app.services import observations as service

router = APIRouter(prefix="/export", tags=["observations"], dependencies=[StrictQuery])

BATCH = 1000
MEDIA_TYPES = {"ndjson": "application/x-ndjson", "csv": "text/csv; charset=utf-8"}


@router.get(
    "",
    operation_id="export_observations",
    summary="Every figure, streamed",
    responses={
        **READ_PROBLEMS,
        200: {
            "description": "One figure per line (NDJSON, the shape of a list item) or a CSV "
            "with the list's columns.",
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        },
    },
    response_class=StreamingResponse,
)
async def export_observations(
    request: Request,
    filters: Annotated[ObservationFilters, Query()],
    fields: FieldsDep,
    format: Annotated[
        Literal["ndjson", "csv"], Query(description="ndjson (one JSON figure a line) or csv.")
    ] = "ndjson",
) -> StreamingResponse:
    """All figures matching the filters of `/v1/observations`, without a page limit: read in
    batches of 1,000 by keyset and written as they come, so memory stays flat however many
    there are. Load the NDJSON with `pandas.read_json(url, lines=True)`, the CSV anywhere."""
    factory = read_sessions(request)
    async with factory() as session:  # unknown filter values: a 404 before anything is sent
        first, cursor = await service.list_page(session, filters, "id", None, BATCH)
    base = public_url(request)

    async def batches() -> AsyncIterator[list[service.Row]]:
        rows, after = first, cursor
        yield rows
        while after is not None:
            async with factory() as session:  # one short read per batch, none held open
                rows, after = await service.list_page(session, filters, "id", after, BATCH)
            yield rows

    async def ndjson() -> AsyncIterator[bytes]:
        async for rows in batches():
            items = (service.figure(row, base) for row in rows)
            if fields:
                items = (service.pick(item, fields) for item in items)
            yield b"".join(orjson.dumps(item, option=orjson.OPT_UTC_Z) + b"\n" for item in items)

    async def csv() -> AsyncIterator[bytes]:
        yield csv_lines([service.CSV_COLUMNS], bom=True)
        async for rows in batches():
            yield csv_lines(service.csv_row(row, base) for row in rows)

    name = f"figures.{format}"
    return StreamingResponse(
        ndjson() if format == "ndjson" else csv(),
        media_type=MEDIA_TYPES[format],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
