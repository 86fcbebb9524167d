"""/v1/indicators and /v1/entities: the catalogue, places and things, and their series."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response

from app.api.common import CSV_RESPONSE, FormatDep, StrictQuery, csv_response, next_link, public_url
from app.db import ReadSessionDep
from app.errors import NotFound
from app.models.vocab import EntityKind, ObservationKind
from app.schemas.catalogue import EntityPage, EntityRead, IndicatorList, IndicatorRead
from app.schemas.common import READ_PROBLEMS
from app.schemas.queries import CompareQuery
from app.schemas.views import (
    Comparison,
    Coverage,
    GdpSeries,
    LatestList,
    PlaceFacets,
    Series,
    VolunteerSummary,
)
from app.services import catalogue, views

indicators = APIRouter(prefix="/indicators", tags=["indicators"], dependencies=[StrictQuery])
entities = APIRouter(prefix="/entities", tags=["entities"], dependencies=[StrictQuery])


EntityKey = Annotated[
    str, Path(description="Entity slug or GB/T 2260 administrative code.", examples=["350583"])
]


@indicators.get(
    "",
    operation_id="list_indicators",
    summary="The indicator catalogue",
    response_model=IndicatorList,
    responses={**READ_PROBLEMS, **CSV_RESPONSE},
)
async def list_indicators(
    session: ReadSessionDep,
    fmt: FormatDep,
    category: Annotated[
        str | None, Query(description="Only this category.", examples=["economy"])
    ] = None,
) -> IndicatorList | Response:
    """Every indicator with its Chinese and English names, canonical unit and category."""
    items = await catalogue.list_indicators(session, category)
    if fmt == "csv":
        header = list(IndicatorRead.model_fields)
        return csv_response(
            header, ([getattr(i, f) for f in header] for i in items), name="indicators"
        )
    return IndicatorList(items=items)


@indicators.get(
    "/{code}/compare",
    operation_id="compare_places",
    summary="One indicator for several places, shaped for a chart",
    response_model=Comparison,
    responses=READ_PROBLEMS,
)
async def compare_places(
    request: Request,
    session: ReadSessionDep,
    code: Annotated[str, Path(examples=["gdp"], max_length=64)],
    query: Annotated[CompareQuery, Query()],
) -> Comparison:
    """Places × periods: for each place, the preferred figure of each period (null where it
    has none), with its bounds, whether reports disagree, and a link to the figure. Name the
    places (`entity`) or a province or prefecture (`within`); with neither, every place that
    has figures for the indicator."""
    return await views.compare(session, query.filters(), code, public_url(request))


@indicators.get(
    "/{code}/latest",
    operation_id="latest_by_place",
    summary="The latest value of an indicator in each place",
    response_model=LatestList,
    responses=READ_PROBLEMS,
)
async def latest_by_place(
    request: Request,
    session: ReadSessionDep,
    code: Annotated[str, Path(examples=["gdp"], max_length=64)],
    query: Annotated[CompareQuery, Query()],
) -> LatestList:
    """For each place (named, under a division, or every place with figures), its most recent
    period and the preferred figure for it."""
    return await views.latest(session, query.filters(), code, public_url(request))


@indicators.get(
    "/{code}/coverage",
    operation_id="get_indicator_coverage",
    summary="Which places have figures for an indicator",
    response_model=Coverage,
    responses=READ_PROBLEMS,
)
async def get_indicator_coverage(
    session: ReadSessionDep, code: Annotated[str, Path(examples=["gdp"], max_length=64)]
) -> Coverage:
    """Every place with figures for the indicator: first and last period, how many figures;
    and when the indicator's figures last changed."""
    return await views.coverage(session, code)


@indicators.get(
    "/{code}",
    operation_id="get_indicator",
    summary="One indicator",
    response_model=IndicatorRead,
    responses=READ_PROBLEMS,
)
async def get_indicator(
    session: ReadSessionDep, code: Annotated[str, Path(examples=["gdp"], max_length=64)]
) -> IndicatorRead:
    """An indicator of the catalogue and how many figures it has."""
    return await catalogue.get_indicator(session, code)


@entities.get(
    "",
    operation_id="list_entities",
    summary="Places and things",
    response_model=EntityPage,
    responses={**READ_PROBLEMS, **CSV_RESPONSE},
)
async def list_entities(
    request: Request,
    session: ReadSessionDep,
    fmt: FormatDep,
    kind: Annotated[EntityKind | None, Query(description="Only this kind.")] = None,
    parent: Annotated[str | None, Query(description="Children of this slug or code.")] = None,
    with_figures: Annotated[bool, Query(description="Only entities that have figures.")] = False,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page.")] = 100,
    cursor: Annotated[str | None, Query(description="From a `next` link.")] = None,
) -> EntityPage | Response:
    """Counties, prefectures, parks, companies and projects, by slug (keyset-paginated)."""
    items, last = await catalogue.list_entities(
        session, kind=kind, parent=parent, with_figures=with_figures, limit=limit, after=cursor
    )
    following = next_link(request, last)
    if fmt == "csv":
        header = list(EntityRead.model_fields)
        return csv_response(
            header, ([getattr(i, f) for f in header] for i in items), following, "entities"
        )
    return EntityPage(items=items, next=following)


@entities.get(
    "/{key}",
    operation_id="get_entity",
    summary="One place or thing",
    response_model=EntityRead,
    responses=READ_PROBLEMS,
)
async def get_entity(session: ReadSessionDep, key: EntityKey) -> EntityRead:
    """An entity by slug or administrative code (`nanan-350583` or `350583`)."""
    return await catalogue.get_entity(session, key)


@entities.get(
    "/{key}/indicators",
    operation_id="get_entity_indicators",
    summary="The indicators a place has figures for",
    response_model=PlaceFacets,
    responses=READ_PROBLEMS,
)
async def get_entity_indicators(session: ReadSessionDep, key: EntityKey) -> PlaceFacets:
    """Each indicator with figures for this place: first and last period, how many."""
    return await views.facets(session, key)


@entities.get(
    "/{key}/series/{indicator}",
    operation_id="get_series",
    summary="A time series for charts",
    response_model=Series,
    responses=READ_PROBLEMS,
)
async def get_series(
    request: Request,
    session: ReadSessionDep,
    key: EntityKey,
    indicator: Annotated[str, Path(examples=["gdp"], max_length=64)],
    kind: Annotated[ObservationKind | None, Query(description="Only this kind.")] = None,
    year_from: Annotated[int | None, Query(ge=1900, le=2200, description="From this year.")] = None,
    year_to: Annotated[int | None, Query(ge=1900, le=2200, description="To this year.")] = None,
) -> Series:
    """Points by period, oldest first. When several reports give one period, every figure is kept
    and one is marked preferred: the most precise, then an exact one, then the newest report."""
    return await views.series(
        session, key, indicator, public_url(request), kind, year_from, year_to
    )


@entities.get(
    "/{key}/gdp",
    operation_id="get_gdp",
    summary="GDP with derived growth",
    response_model=GdpSeries,
    responses=READ_PROBLEMS,
)
async def get_gdp(request: Request, session: ReadSessionDep, key: EntityKey) -> GdpSeries:
    """The GDP series and the compound annual growth between its points (labelled derived)."""
    return await views.gdp(session, key, public_url(request))


@entities.get(
    "/{key}/volunteers",
    operation_id="get_volunteers",
    summary="Volunteer service figures",
    response_model=VolunteerSummary,
    responses=READ_PROBLEMS,
)
async def get_volunteers(
    request: Request, session: ReadSessionDep, key: EntityKey
) -> VolunteerSummary:
    """Civilization practice centres, institutes and stations, volunteer teams, projects and
    registered volunteers: the preferred figure of each."""
    entity, figures = await views.volunteers(session, key, public_url(request))
    if not figures:
        raise NotFound(f"no volunteer service figures for {key!r}")
    return VolunteerSummary(entity=views.entity_ref(entity), figures=figures)
