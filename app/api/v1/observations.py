"""/v1/observations: every figure, filtered, sorted, paginated by keyset."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.api.auth import WriterDep
from app.api.common import (
    CSV_RESPONSE,
    CursorDep,
    FieldsDep,
    FormatDep,
    LimitDep,
    StrictQuery,
    csv_response,
    json_response,
    next_link,
    public_url,
)
from app.db import ReadSessionDep, SessionDep
from app.schemas.common import READ_PROBLEMS, problem_responses
from app.schemas.observations import ObservationPage, ObservationRead
from app.schemas.queries import ObservationFilters, ObservationSort
from app.schemas.writes import History, ObservationPatch
from app.services import observations as service
from app.services import reviews

router = APIRouter(prefix="/observations", tags=["observations"], dependencies=[StrictQuery])


@router.get(
    "",
    operation_id="list_observations",
    summary="List figures",
    response_model=ObservationPage,
    responses={**READ_PROBLEMS, **CSV_RESPONSE},
)
async def list_observations(
    request: Request,
    session: ReadSessionDep,
    fmt: FormatDep,
    limit: LimitDep,
    filters: Annotated[ObservationFilters, Query()],
    fields: FieldsDep,
    sort: Annotated[ObservationSort, Query(description="Order; `-` for descending.")] = "id",
    cursor: CursorDep = None,
) -> ObservationPage | Response:
    """Every figure, with its provenance. Pages are keyset-paginated: follow `next` to the end.

    `?format=csv` (or `Accept: text/csv`) gives the same rows as a spreadsheet, with provenance
    columns; a `Link: <…>; rel="next"` header points to the next page while more remains.
    """
    rows, cursor_next = await service.list_page(session, filters, sort, cursor, limit)
    base = public_url(request)
    following = next_link(request, None if cursor_next is None else str(cursor_next))
    if fmt == "csv":
        cells = (service.csv_row(row, base) for row in rows)
        return csv_response(service.CSV_COLUMNS, cells, following, "observations")
    figures = [service.figure(row, base) for row in rows]
    if fields:
        figures = [service.pick(item, fields) for item in figures]
    return json_response({"items": figures, "next": following, "limit": limit})


@router.get(
    "/{observation_id}",
    operation_id="get_observation",
    summary="One figure",
    response_model=ObservationRead,
    responses=READ_PROBLEMS,
)
async def get_observation(
    request: Request,
    session: ReadSessionDep,
    observation_id: Annotated[int, Path(ge=1, le=2**62, examples=[12])],
) -> ObservationRead:
    """One figure with its value, bounds, period, citation and provenance."""
    row = await service.get_row(session, observation_id)
    return service.present(row, public_url(request))


ObservationId = Annotated[int, Path(ge=1, le=2**62, examples=[12])]


@router.patch(
    "/{observation_id}",
    operation_id="review_observation",
    summary="Correct, review or retract a figure",
    response_model=ObservationRead,
    responses=problem_responses(400, 401, 403, 404, 413, 415, 422, 429, 503),
)
async def review_observation(
    request: Request,
    session: SessionDep,
    caller: WriterDep,
    observation_id: ObservationId,
    patch: ObservationPatch,
) -> ObservationRead:
    """A reviewer corrects the indicator, entity, period, kind or value, or marks the figure
    reviewed or retracted (with a reason). The previous values are kept in its history, with
    the key's name and the time. Retracted figures leave lists unless `include_retracted=true`."""
    await reviews.apply(session, observation_id, patch, caller.name)
    row = await service.get_row(session, observation_id)
    return service.present(row, public_url(request))


@router.get(
    "/{observation_id}/history",
    operation_id="get_observation_history",
    summary="A figure's review history",
    response_model=History,
    responses=READ_PROBLEMS,
)
async def get_history(session: ReadSessionDep, observation_id: ObservationId) -> History:
    """Every change made to a figure, oldest first, with who, when, why and the old values."""
    return History(observation=observation_id, items=await reviews.history(session, observation_id))
