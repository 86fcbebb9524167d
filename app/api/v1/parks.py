"""/v1/parks and /v1/projects: industrial park progress and investment projects."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request

from app.api.common import StrictQuery, next_link, public_url
from app.db import ReadSessionDep
from app.schemas.common import READ_PROBLEMS
from app.schemas.queries import PlacePage
from app.schemas.views import ParkList, ParkRead, ProjectList
from app.services import views

parks = APIRouter(prefix="/parks", tags=["parks"], dependencies=[StrictQuery])
projects = APIRouter(prefix="/projects", tags=["projects"], dependencies=[StrictQuery])


@parks.get(
    "",
    operation_id="list_parks",
    summary="Industrial parks",
    response_model=ParkList,
    responses=READ_PROBLEMS,
)
async def list_parks(
    request: Request, session: ReadSessionDep, page: Annotated[PlacePage, Query()]
) -> ParkList:
    """Parks that have figures, each with its progress ratios, by slug (keyset-paginated)."""
    items, last = await views.parks(session, public_url(request), page)
    return ParkList(items=items, next=next_link(request, last))


@parks.get(
    "/{slug}",
    operation_id="get_park",
    summary="An industrial park's progress",
    response_model=ParkRead,
    responses=READ_PROBLEMS,
)
async def get_park(
    request: Request,
    session: ReadSessionDep,
    slug: Annotated[str, Path(examples=["nan-an-gao-duan-zhuang-bei-zhi-zao-yuan"])],
) -> ParkRead:
    """Planned and acquired land, phases, planned and spent investment, buildings completed and
    under construction with floor areas, enterprises intending and signed, expected output and
    tax; the ratios a dashboard shows as progress bars (each lists the figures it derives from);
    and a dated timeline."""
    return await views.park(session, slug, public_url(request))


@projects.get(
    "",
    operation_id="list_projects",
    summary="Investment projects",
    response_model=ProjectList,
    responses=READ_PROBLEMS,
)
async def list_projects(
    request: Request, session: ReadSessionDep, page: Annotated[PlacePage, Query()]
) -> ProjectList:
    """Projects (and parks or companies) with planned, signed and invested amounts, a status
    and the figures with their provenance, by slug (keyset-paginated)."""
    items, last = await views.projects(session, public_url(request), page)
    return ProjectList(items=items, next=next_link(request, last))
