"""Reading figures: one query per page, columns selected, keyset pagination on indexed keys."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Entity, Indicator, Observation, Source
from app.schemas.observations import (
    ObservationRead,
)
from app.services import display
from app.services.fetch import fetch, fetch_shape

Row = Mapping[str, Any]

# Core table columns, not ORM attributes: the statements skip the ORM's compile and load path.
OBS = Observation.__table__.c
IND = Indicator.__table__.c
ENT = Entity.__table__.c
SRC = Source.__table__.c
Query = Select[*tuple[Any, ...]]  # a select of any columns
NO_DATE = date(1, 1, 1)
PERIOD_KEY = func.coalesce(OBS.period_start, literal(NO_DATE))
# How many figures are served (retracted ones are not), for counts beside entities and sources.
SERVED = func.count(OBS.id).filter(OBS.status != "retracted")


@cache
def columns() -> Query:
    """Every column a figure is presented with (built once: statements are immutable)."""
    statement = (
        select(
            OBS.id,
            OBS.value,
            OBS.value_low,
            OBS.value_high,
            OBS.unit,
            OBS.counter,
            OBS.qualifier,
            OBS.qualifier_text,
            OBS.kind,
            OBS.period_start,
            OBS.period_end,
            OBS.period_label,
            OBS.surface,
            OBS.span_start,
            OBS.span_end,
            OBS.quote,
            OBS.quote_start,
            OBS.quote_end,
            OBS.status,
            OBS.review_note,
            OBS.extraction_method,
            OBS.extraction_version,
            OBS.updated_at,
            IND.code.label("indicator_code"),
            IND.name_zh.label("indicator_name_zh"),
            IND.name_en.label("indicator_name_en"),
            IND.category.label("indicator_category"),
            ENT.slug.label("entity_slug"),
            ENT.kind.label("entity_kind"),
            ENT.name_zh.label("entity_name_zh"),
            ENT.name_en.label("entity_name_en"),
            ENT.admin_code.label("entity_admin_code"),
            SRC.slug.label("source_slug"),
            SRC.title.label("source_title"),
            SRC.publisher.label("source_publisher"),
            SRC.published.label("source_published"),
            SRC.url.label("source_url"),
        )
        .join(Indicator.__table__, IND.code == OBS.indicator_code)
        .join(Entity.__table__, ENT.id == OBS.entity_id)
        .join(Source.__table__, SRC.id == OBS.source_id)
    )
    return statement


@dataclass(frozen=True)
class Filters:
    entity: str | None = None
    indicator: str | None = None
    category: str | None = None
    kind: str | None = None
    year: int | None = None
    year_from: int | None = None
    year_to: int | None = None
    source: str | None = None
    qualifier: str | None = None
    q: str | None = None
    status: str | None = None
    updated_after: datetime | None = None
    include_retracted: bool = False


def entity_match(value: Any, entity: Any = ENT) -> Any:
    """`value` is the place's slug or its administrative code (`entity`: its table's columns)."""
    return or_(entity.slug == value, entity.admin_code == value)


def filter_values(filters: Filters) -> dict[str, Any]:
    """The named parameters of the filters that are set. Cheap: no SQL is built."""
    values: dict[str, Any] = {}
    if filters.entity:
        values["entity"] = filters.entity
    if filters.indicator:
        values["indicator"] = filters.indicator
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
    set: it is built and compiled once per shape (see `list_page` and `fetch.fetch_shape`).
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
    if "indicator" in values:
        conditions.append(OBS.indicator_code == p("indicator"))
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


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- keyset cursors ----------------------------------------------------------------------------
# A cursor is the id of the last figure on the page before (as `starting_after` is in Stripe's
# API): every whole number is a valid cursor for every sort, so the published schema (an
# integer) says all there is to know. The other sorts read the figure's own keys back by id.

CURSOR_ROW = Observation.__table__.alias("cursor_row").c


def sort_keys(sort: str, table: Any = OBS) -> tuple[Any, ...]:
    """The indexed keys of a sort, on the observations table or an alias of it."""
    name = sort.lstrip("-")
    if name == "period":
        return (func.coalesce(table.period_start, literal(NO_DATE)), table.id)
    if name == "id":
        return (table.id,)
    return (table[{"value": "value", "updated": "updated_at"}[name]], table.id)


def page_values(cursor: int | None, limit: int) -> dict[str, Any]:
    """The page's named parameters: one more row than the page, and the cursor."""
    return {"limit": limit + 1} | ({"after": cursor} if cursor is not None else {})


def paginate(
    statement: Query, sort: str, cursor: int | None, limit: int
) -> tuple[Query, dict[str, Any]]:
    """Order by the sort's indexed keys, start after the cursor's figure, fetch one more."""
    keys = sort_keys(sort)
    descending = sort.startswith("-")
    values = page_values(cursor, limit)
    if cursor is not None:
        after: Any = bindparam("after", type_=BigInteger)
        if len(keys) == 1:
            left, right = keys[0], after
        else:
            key = select(sort_keys(sort, CURSOR_ROW)[0]).where(CURSOR_ROW.id == after)
            left, right = tuple_(*keys), tuple_(key.scalar_subquery(), after)
        statement = statement.where(left < right if descending else left > right)
    order = [k.desc() if descending else k.asc() for k in keys]
    return statement.order_by(*order).limit(bindparam("limit", type_=Integer)), values


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

    rows = await fetch_shape(session, shape, build, values)
    if not rows and cursor is not None and sort.lstrip("-") != "id":
        await cursor_figure_exists(session, cursor)
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, rows[-1]["id"] if more and rows else None


async def cursor_figure_exists(session: AsyncSession, cursor: int) -> None:
    """A page sorted by other keys than the id starts after a figure that must still exist."""
    if not await fetch(session, select(OBS.id).where(OBS.id == cursor)):
        raise NotFound(f"cursor: no figure {cursor} to continue after; start again without it")


async def get_row(session: AsyncSession, observation_id: int) -> Row:
    found_rows = await fetch(session, columns().where(OBS.id == observation_id))
    row = found_rows[0] if found_rows else None
    if row is None:
        raise NotFound(f"no observation with id {observation_id}")
    found: Row = row
    return found


# --- rows to schemas ---------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def present(row: Row, public_url: str) -> ObservationRead:
    """The figure as a validated model, for responses that embed figures in other models."""
    return ObservationRead.model_validate(figure(row, public_url))


def figure(row: Row, public_url: str) -> dict[str, Any]:
    """The figure in the shape of `ObservationRead`, as plain data for a JSON encoder.

    List pages encode these directly (orjson): validating twenty trusted rows per request cost
    more than querying them. A test checks that pages validate against the schema.
    """
    value: Decimal = row["value"]
    zh = display.display_zh(value, row["unit"], row["counter"], row["qualifier_text"])
    en = display.display_en(value, row["unit"], row["counter"], row["qualifier_text"])
    stored = f"{public_url.rstrip('/')}/v1/sources/{row['source_slug']}/text#figure-{row['id']}"
    cite_zh, cite_en = display.cite(
        entity_zh=row["entity_name_zh"],
        entity_en=row["entity_name_en"],
        indicator_zh=row["indicator_name_zh"],
        indicator_en=row["indicator_name_en"],
        period_label=row["period_label"],
        period_start=row["period_start"],
        kind=row["kind"],
        zh=zh,
        en=en,
        title=row["source_title"],
        publisher=row["source_publisher"],
        published=row["source_published"],
        url=row["source_url"],
        stored_copy=stored,
    )
    area = display.area_m2(value, row["unit"])
    return {
        "id": row["id"],
        "indicator": {
            "code": row["indicator_code"],
            "name_zh": row["indicator_name_zh"],
            "name_en": row["indicator_name_en"],
            "category": row["indicator_category"],
        },
        "entity": {
            "slug": row["entity_slug"],
            "kind": row["entity_kind"],
            "name_zh": row["entity_name_zh"],
            "name_en": row["entity_name_en"],
            "admin_code": row["entity_admin_code"],
        },
        "value": float(value),
        "unit": row["unit"],
        "value_low": _float(row["value_low"]),
        "value_high": _float(row["value_high"]),
        "qualifier": row["qualifier"],
        "qualifier_text": row["qualifier_text"],
        "counter": row["counter"],
        "area_m2": _float(area),
        "display": {"zh": zh, "en": en},
        "kind": row["kind"],
        "period": {
            "label": row["period_label"],
            "start": row["period_start"],
            "end": row["period_end"],
            "stated": row["period_label"] is not None,
        },
        "status": row["status"],
        "review_note": row["review_note"],
        "cite": {"zh": cite_zh, "en": cite_en},
        "provenance": {
            "source": row["source_slug"],
            "title": row["source_title"],
            "publisher": row["source_publisher"],
            "published": row["source_published"],
            "url": row["source_url"],
            "quote": row["quote"],
            "surface": row["surface"],
            "span": {"start": row["span_start"], "end": row["span_end"]},
            "quote_span": {"start": row["quote_start"], "end": row["quote_end"]},
            "article_link": display.article_link(
                row["source_url"],
                row["quote"],
                row["surface"],
                row["span_start"] - row["quote_start"],
            ),
            "stored_copy": stored,
        },
        "extraction": {
            "method": row["extraction_method"],
            "version": row["extraction_version"],
        },
        "updated_at": row["updated_at"],
    }


CSV_COLUMNS = [
    "id",
    "indicator",
    "indicator_name_zh",
    "indicator_name_en",
    "entity",
    "entity_name_zh",
    "admin_code",
    "value",
    "unit",
    "value_low",
    "value_high",
    "qualifier",
    "qualifier_text",
    "display_zh",
    "display_en",
    "kind",
    "period_label",
    "period_start",
    "period_end",
    "status",
    "source",
    "source_title",
    "publisher",
    "published",
    "url",
    "quote",
    "span_start",
    "span_end",
    "article_link",
    "stored_copy",
]


def csv_row(item: ObservationRead) -> list[object]:
    return [
        item.id,
        item.indicator.code,
        item.indicator.name_zh,
        item.indicator.name_en,
        item.entity.slug,
        item.entity.name_zh,
        item.entity.admin_code,
        item.value,
        item.unit,
        item.value_low,
        item.value_high,
        item.qualifier.value,
        item.qualifier_text,
        item.display.zh,
        item.display.en,
        item.kind.value,
        item.period.label,
        item.period.start,
        item.period.end,
        item.status.value,
        item.provenance.source,
        item.provenance.title,
        item.provenance.publisher,
        item.provenance.published,
        item.provenance.url,
        item.provenance.quote,
        item.provenance.span.start,
        item.provenance.span.end,
        item.provenance.article_link,
        item.provenance.stored_copy,
    ]
