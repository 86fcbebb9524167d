"""Reading figures: one query per page, columns selected, keyset pagination on indexed keys."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, tuple_
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import BadRequest, NotFound
from app.models import Entity, Indicator, Observation, Source
from app.models.vocab import ObservationKind, Qualifier, ReviewStatus
from app.schemas.observations import (
    Cite,
    Display,
    EntityRef,
    Extraction,
    IndicatorRef,
    ObservationRead,
    Period,
    Provenance,
    Span,
)
from app.services import display

# Core table columns, not ORM attributes: the statements skip the ORM's compile and load path.
OBS = Observation.__table__.c
IND = Indicator.__table__.c
ENT = Entity.__table__.c
SRC = Source.__table__.c
Query = Select[*tuple[Any, ...]]  # a select of any columns
NO_DATE = date(1, 1, 1)
PERIOD_KEY = func.coalesce(OBS.period_start, literal(NO_DATE))
SORTS: dict[str, tuple[Any, ...]] = {
    "id": (OBS.id,),
    "period": (PERIOD_KEY, OBS.id),
    "value": (OBS.value, OBS.id),
    "updated": (OBS.updated_at, OBS.id),
}
SORT_CHOICES = [s for name in SORTS for s in (name, f"-{name}")]


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


def entity_match(value: str) -> Any:
    return or_(ENT.slug == value, ENT.admin_code == value)


def apply_filters(statement: Query, filters: Filters) -> Query:
    conditions: list[Any] = []
    if filters.entity:
        conditions.append(entity_match(filters.entity))
    if filters.indicator:
        conditions.append(OBS.indicator_code == filters.indicator)
    if filters.category:
        conditions.append(IND.category == filters.category)
    if filters.kind:
        conditions.append(OBS.kind == filters.kind)
    if filters.year is not None:
        conditions += [
            OBS.period_start <= date(filters.year, 12, 31),
            OBS.period_end >= date(filters.year, 1, 1),
        ]
    if filters.year_from is not None:
        conditions.append(OBS.period_end >= date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        conditions.append(OBS.period_start <= date(filters.year_to, 12, 31))
    if filters.source:
        conditions.append(SRC.slug == filters.source)
    if filters.qualifier:
        conditions.append(OBS.qualifier == filters.qualifier)
    if filters.q:
        pattern = f"%{escape_like(filters.q)}%"
        conditions.append(
            or_(
                OBS.quote.ilike(pattern, escape="\\"),
                IND.name_zh.ilike(pattern, escape="\\"),
                IND.name_en.ilike(pattern, escape="\\"),
                ENT.name_zh.ilike(pattern, escape="\\"),
            )
        )
    if filters.status:
        conditions.append(OBS.status == filters.status)
    elif not filters.include_retracted:
        conditions.append(OBS.status != "retracted")
    if filters.updated_after is not None:
        conditions.append(OBS.updated_at > filters.updated_after)
    return statement.where(and_(*conditions)) if conditions else statement


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# --- keyset cursors ----------------------------------------------------------------------------


def encode_cursor(sort: str, row: RowMapping) -> str:
    name = sort.lstrip("-")
    keys: list[Any]
    if name == "id":
        keys = [row["id"]]
    elif name == "period":
        keys = [(row["period_start"] or NO_DATE).isoformat(), row["id"]]
    elif name == "value":
        keys = [str(row["value"]), row["id"]]
    else:
        keys = [row["updated_at"].isoformat(), row["id"]]
    raw = json.dumps({"s": sort, "k": keys}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, sort: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        payload = json.loads(base64.urlsafe_b64decode(padded.encode()))
        keys = payload["k"]
        if payload["s"] != sort:
            raise BadRequest("the cursor belongs to another sort order; start again without it")
        name = sort.lstrip("-")
        if name == "id":
            return [int(keys[0])]
        if name == "period":
            return [date.fromisoformat(keys[0]), int(keys[1])]
        if name == "value":
            return [Decimal(keys[0]), int(keys[1])]
        return [datetime.fromisoformat(keys[0]), int(keys[1])]
    except BadRequest:
        raise
    except (ValueError, KeyError, TypeError, IndexError, binascii.Error, json.JSONDecodeError):
        raise BadRequest("the cursor is not valid; use the `next` link as given") from None


def paginate(statement: Query, sort: str, cursor: str | None, limit: int) -> Query:
    keys = SORTS[sort.lstrip("-")]
    descending = sort.startswith("-")
    if cursor:
        after = decode_cursor(cursor, sort)
        left = tuple_(*keys) if len(keys) > 1 else keys[0]
        right = tuple_(*[literal(v) for v in after]) if len(keys) > 1 else after[0]
        statement = statement.where(left < right if descending else left > right)
    order = [k.desc() if descending else k.asc() for k in keys]
    return statement.order_by(*order).limit(limit + 1)


async def list_page(
    session: AsyncSession, filters: Filters, sort: str, cursor: str | None, limit: int
) -> tuple[list[RowMapping], str | None]:
    statement = paginate(apply_filters(columns(), filters), sort, cursor, limit)
    connection = await session.connection()
    rows = list((await connection.execute(statement)).mappings())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(sort, rows[-1]) if more and rows else None


async def get_row(session: AsyncSession, observation_id: int) -> RowMapping:
    row = (
        (await (await session.connection()).execute(columns().where(OBS.id == observation_id)))
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(f"no observation with id {observation_id}")
    found: RowMapping = row
    return found


# --- rows to schemas ---------------------------------------------------------------------------


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def present(row: RowMapping, public_url: str) -> ObservationRead:
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
    # Rows come from our own tables: construct without re-validating (the hot path of reads).
    return ObservationRead.model_construct(
        id=row["id"],
        indicator=IndicatorRef.model_construct(
            code=row["indicator_code"],
            name_zh=row["indicator_name_zh"],
            name_en=row["indicator_name_en"],
            category=row["indicator_category"],
        ),
        entity=EntityRef.model_construct(
            slug=row["entity_slug"],
            kind=row["entity_kind"],
            name_zh=row["entity_name_zh"],
            name_en=row["entity_name_en"],
            admin_code=row["entity_admin_code"],
        ),
        value=float(value),
        unit=row["unit"],
        value_low=_float(row["value_low"]),
        value_high=_float(row["value_high"]),
        qualifier=Qualifier(row["qualifier"]),
        qualifier_text=row["qualifier_text"],
        counter=row["counter"],
        area_m2=_float(area),
        display=Display.model_construct(zh=zh, en=en),
        kind=ObservationKind(row["kind"]),
        period=Period.model_construct(
            label=row["period_label"], start=row["period_start"], end=row["period_end"]
        ),
        status=ReviewStatus(row["status"]),
        review_note=row["review_note"],
        cite=Cite.model_construct(zh=cite_zh, en=cite_en),
        provenance=Provenance.model_construct(
            source=row["source_slug"],
            title=row["source_title"],
            publisher=row["source_publisher"],
            published=row["source_published"],
            url=row["source_url"],
            quote=row["quote"],
            surface=row["surface"],
            span=Span.model_construct(start=row["span_start"], end=row["span_end"]),
            quote_span=Span.model_construct(start=row["quote_start"], end=row["quote_end"]),
            article_link=display.article_link(
                row["source_url"],
                row["quote"],
                row["surface"],
                row["span_start"] - row["quote_start"],
            ),
            stored_copy=stored,
        ),
        extraction=Extraction.model_construct(
            method=row["extraction_method"], version=row["extraction_version"]
        ),
        updated_at=row["updated_at"],
    )


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
