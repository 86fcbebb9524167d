"""Which figures: the tables, the filters and the statements that read them.

Statements select only the columns `ObservationRead` declares (see `app.schemas.columns`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import Select, String, and_, any_, bindparam, func, literal, or_, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Entity, Indicator, Observation, Source
from app.schemas.queries import ObservationFilters
from app.services.fetch import fetch
from app.services.observations.cursor import NO_DATE, cursor_figure_exists, page_values, paginate
from app.services.observations.present import ROW_KEYS

Row = Mapping[str, Any]

# Core table columns, not ORM attributes: the statements skip the ORM's compile and load path.
OBS = Observation.__table__.c
IND = Indicator.__table__.c
ENT = Entity.__table__.c
SRC = Source.__table__.c
Query = Select[*tuple[Any, ...]]  # a select of any columns
PERIOD_KEY = func.coalesce(OBS.period_start, literal(NO_DATE))
# How many figures are served (retracted ones are not), for counts beside entities and sources.
SERVED = func.count(OBS.id).filter(OBS.status != "retracted")

# The joined tables, by the prefix their columns carry in a figure's row (source_title).
JOINED = {"indicator_": IND, "entity_": ENT, "source_": SRC}


def column(key: str) -> Any:
    """The SQL column behind a row key: an observation's own, or a joined table's, labelled."""
    if key in OBS:
        return OBS[key]
    for prefix, table in JOINED.items():
        if key.startswith(prefix) and key[len(prefix) :] in table:
            return table[key[len(prefix) :]].label(key)
    raise KeyError(f"no column for the served field {key!r}")


@cache
def columns() -> Query:
    """Every column a figure is presented with (built once: statements are immutable)."""
    return (
        select(*(column(key) for key in ROW_KEYS))
        .join(Indicator.__table__, IND.code == OBS.indicator_code)
        .join(Entity.__table__, ENT.id == OBS.entity_id)
        .join(Source.__table__, SRC.id == OBS.source_id)
    )


Filters = ObservationFilters  # which figures; declared once, as the endpoint's query model


def entity_match(value: Any, entity: Any = ENT) -> Any:
    """`value` is the place's slug or its administrative code (`entity`: its table's columns)."""
    return or_(entity.slug == value, entity.admin_code == value)


def filter_values(filters: Filters) -> dict[str, Any]:
    """The named parameters of the filters that are set. Cheap: no SQL is built."""
    values: dict[str, Any] = {}
    if filters.entity and len(filters.entity) == 1:
        values["entity"] = filters.entity[0]
    elif filters.entity:
        values["entities"] = filters.entity
    if filters.within:
        values["within"] = division_prefix(filters.within) + "%"
    if filters.indicator and len(filters.indicator) == 1:
        values["indicator"] = filters.indicator[0]
    elif filters.indicator:
        values["indicators"] = filters.indicator
    if filters.category:
        values["category"] = filters.category
    if filters.kind:
        values["kind"] = filters.kind
    if filters.year is not None:
        values["year_end"] = date(filters.year, 12, 31)
        values["year_start"] = date(filters.year, 1, 1)
    if filters.year_from is not None:
        values["year_from"] = date(filters.year_from, 1, 1)
    if filters.year_to is not None:
        values["year_to"] = date(filters.year_to, 12, 31)
    if filters.source:
        values["source"] = filters.source
    if filters.qualifier:
        values["qualifier"] = filters.qualifier
    if filters.q:
        values["pattern"] = f"%{escape_like(filters.q)}%"
    if filters.status:
        values["status"] = filters.status
    if filters.updated_after is not None:
        values["updated_after"] = filters.updated_after
    return values


def apply_filters(statement: Query, filters: Filters) -> tuple[Query, dict[str, Any]]:
    """The statement with the filters' conditions, and the values of their named parameters.

    Conditions use named parameters, so the statement's shape depends only on which filters are
    set: it is built and compiled once per shape (see `list_page` and `fetch.fetch`).
    """
    values = filter_values(filters)
    p = bindparam
    conditions: list[Any] = []
    if "entity" in values:
        # The place's id first (one unique-index lookup), so its figures are read off the
        # (entity_id, …) indexes in order rather than joined and sorted.
        place = Entity.__table__.alias("place").c
        place_id = (
            select(place.id)
            .where(entity_match(p("entity"), place))
            .order_by((place.slug == p("entity")).desc())
            .limit(1)
            .scalar_subquery()
        )
        conditions.append(OBS.entity_id == place_id)
    if "entities" in values:
        place = Entity.__table__.alias("place").c
        keys: Any = p("entities", type_=ARRAY(String))
        chosen = select(place.id).where(
            or_(place.slug == any_(keys), place.admin_code == any_(keys))
        )
        conditions.append(OBS.entity_id.in_(chosen))
    if "within" in values:
        conditions.append(OBS.entity_id.in_(places_within(p("within"))))
    if "indicator" in values:
        conditions.append(OBS.indicator_code == p("indicator"))
    if "indicators" in values:
        conditions.append(OBS.indicator_code == any_(p("indicators", type_=ARRAY(String))))
    if "category" in values:
        conditions.append(IND.category == p("category"))
    if "kind" in values:
        conditions.append(OBS.kind == p("kind"))
    if "year_end" in values:
        conditions += [OBS.period_start <= p("year_end"), OBS.period_end >= p("year_start")]
    if "year_from" in values:
        conditions.append(OBS.period_end >= p("year_from"))
    if "year_to" in values:
        conditions.append(OBS.period_start <= p("year_to"))
    if "source" in values:
        conditions.append(SRC.slug == p("source"))
    if "qualifier" in values:
        conditions.append(OBS.qualifier == p("qualifier"))
    if "pattern" in values:
        pattern: Any = p("pattern")
        conditions.append(
            or_(
                OBS.quote.ilike(pattern, escape="\\"),
                IND.name_zh.ilike(pattern, escape="\\"),
                IND.name_en.ilike(pattern, escape="\\"),
                ENT.name_zh.ilike(pattern, escape="\\"),
            )
        )
    if "status" in values:
        conditions.append(OBS.status == p("status"))
    elif not filters.include_retracted:
        conditions.append(OBS.status != "retracted")
    if "updated_after" in values:
        conditions.append(OBS.updated_at > p("updated_after"))
    return (statement.where(and_(*conditions)) if conditions else statement), values


def division_prefix(code: str) -> str:
    """The code's own digits: 350000 (Fujian) is 35, 350500 (Quanzhou) is 3505."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def places_within(prefix: Any) -> Any:
    """Ids of the divisions whose code starts with `prefix`, and of the parks, projects and
    companies whose parent is one of them."""
    place_table = Entity.__table__.alias("within_place")
    parent_table = Entity.__table__.alias("within_parent")
    place, parent = place_table.c, parent_table.c
    return (
        select(place.id)
        .select_from(place_table.outerjoin(parent_table, parent.id == place.parent_id))
        .where(or_(place.admin_code.like(prefix), parent.admin_code.like(prefix)))
    )


def several_named(filters: Filters) -> bool:
    """Whether a filter names several values: some may name nothing even when others match."""
    return len(filters.entity or ()) > 1 or len(filters.indicator or ()) > 1


async def unknown_values(session: AsyncSession, filters: Filters) -> None:
    """404 naming the first filter value that names nothing: an empty list must not hide a
    typo. Run when a page came back empty or a filter names several values (one of which may
    name nothing), so a single-valued filter that matches costs nothing."""
    checks: list[tuple[str, list[str], tuple[Any, ...], str]] = [
        ("place", filters.entity or [], (ENT.slug, ENT.admin_code), "/v1/entities"),
        ("division", [filters.within] if filters.within else [], (ENT.admin_code,), "/v1/entities"),
        ("indicator", filters.indicator or [], (IND.code,), "/v1/indicators"),
        (
            "category",
            [filters.category] if filters.category else [],
            (IND.category,),
            "/v1/indicators",
        ),
        ("source", [filters.source] if filters.source else [], (SRC.slug,), "/v1/sources"),
    ]
    for what, wanted, keys, listing in checks:
        if not wanted:
            continue
        statement = select(*keys).where(or_(*(key.in_(wanted) for key in keys)))
        known = {value for row in await session.execute(statement) for value in row if value}
        missing = [value for value in wanted if value not in known]
        if missing:
            raise NotFound(f"no {what} {missing[0]!r}; see {listing}")


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_statement(
    filters: Filters, sort: str, cursor: int | None, limit: int
) -> tuple[Query, dict[str, Any]]:
    """A list page's statement and the values of its named parameters."""
    filtered, values = apply_filters(columns(), filters)
    paged, page = paginate(filtered, sort, cursor, limit)
    return paged, values | page


async def list_page(
    session: AsyncSession, filters: Filters, sort: str, cursor: int | None, limit: int
) -> tuple[list[Row], int | None]:
    """A page of figures and the cursor of the next page (None on the last)."""
    values = filter_values(filters) | page_values(cursor, limit)
    shape = ("observations", sort, tuple(sorted(values)), filters.include_retracted)

    def build() -> Query:  # only for a shape not seen before
        return list_statement(filters, sort, cursor, limit)[0]

    rows = await fetch(session, shape, build, values)
    if not rows or several_named(filters):
        await unknown_values(session, filters)
    if not rows and cursor is not None and sort.lstrip("-") != "id":
        await cursor_figure_exists(session, cursor)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1]["id"] if more and rows else None


async def get_row(session: AsyncSession, observation_id: int) -> Row:
    def build() -> Query:
        return columns().where(OBS.id == bindparam("id"))

    rows = await fetch(session, ("observation",), build, {"id": observation_id})
    if not rows:
        raise NotFound(f"no observation with id {observation_id}")
    return rows[0]
