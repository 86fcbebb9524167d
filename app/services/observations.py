"""Reading figures: one query per page, columns selected, keyset pagination on indexed keys."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, literal, or_, select, tuple_
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import BadRequest, NotFound
from app.models import Entity, Indicator, Observation, Source
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

Query = Select[*tuple[Any, ...]]  # a select of any columns
NO_DATE = date(1, 1, 1)
PERIOD_KEY = func.coalesce(Observation.period_start, literal(NO_DATE))
SORTS: dict[str, tuple[Any, ...]] = {
    "id": (Observation.id,),
    "period": (PERIOD_KEY, Observation.id),
    "value": (Observation.value, Observation.id),
    "updated": (Observation.updated_at, Observation.id),
}
SORT_CHOICES = [s for name in SORTS for s in (name, f"-{name}")]


def columns() -> Query:
    statement = (
        select(
            Observation.id,
            Observation.value,
            Observation.value_low,
            Observation.value_high,
            Observation.unit,
            Observation.counter,
            Observation.qualifier,
            Observation.qualifier_text,
            Observation.kind,
            Observation.period_start,
            Observation.period_end,
            Observation.period_label,
            Observation.surface,
            Observation.span_start,
            Observation.span_end,
            Observation.quote,
            Observation.quote_start,
            Observation.quote_end,
            Observation.status,
            Observation.review_note,
            Observation.extraction_method,
            Observation.extraction_version,
            Observation.updated_at,
            Indicator.code.label("indicator_code"),
            Indicator.name_zh.label("indicator_name_zh"),
            Indicator.name_en.label("indicator_name_en"),
            Indicator.category.label("indicator_category"),
            Entity.slug.label("entity_slug"),
            Entity.kind.label("entity_kind"),
            Entity.name_zh.label("entity_name_zh"),
            Entity.name_en.label("entity_name_en"),
            Entity.admin_code.label("entity_admin_code"),
            Source.slug.label("source_slug"),
            Source.title.label("source_title"),
            Source.publisher.label("source_publisher"),
            Source.published.label("source_published"),
            Source.url.label("source_url"),
        )
        .join(Indicator, Indicator.code == Observation.indicator_code)
        .join(Entity, Entity.id == Observation.entity_id)
        .join(Source, Source.id == Observation.source_id)
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
    return or_(Entity.slug == value, Entity.admin_code == value)


def apply_filters(statement: Query, filters: Filters) -> Query:
    conditions: list[Any] = []
    if filters.entity:
        conditions.append(entity_match(filters.entity))
    if filters.indicator:
        conditions.append(Observation.indicator_code == filters.indicator)
    if filters.category:
        conditions.append(Indicator.category == filters.category)
    if filters.kind:
        conditions.append(Observation.kind == filters.kind)
    if filters.year is not None:
        conditions += [
            Observation.period_start <= date(filters.year, 12, 31),
            Observation.period_end >= date(filters.year, 1, 1),
        ]
    if filters.year_from is not None:
        conditions.append(Observation.period_end >= date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        conditions.append(Observation.period_start <= date(filters.year_to, 12, 31))
    if filters.source:
        conditions.append(Source.slug == filters.source)
    if filters.qualifier:
        conditions.append(Observation.qualifier == filters.qualifier)
    if filters.q:
        pattern = f"%{escape_like(filters.q)}%"
        conditions.append(
            or_(
                Observation.quote.ilike(pattern, escape="\\"),
                Indicator.name_zh.ilike(pattern, escape="\\"),
                Indicator.name_en.ilike(pattern, escape="\\"),
                Entity.name_zh.ilike(pattern, escape="\\"),
            )
        )
    if filters.status:
        conditions.append(Observation.status == filters.status)
    elif not filters.include_retracted:
        conditions.append(Observation.status != "retracted")
    if filters.updated_after is not None:
        conditions.append(Observation.updated_at > filters.updated_after)
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
    rows = list((await session.execute(statement)).mappings())
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, encode_cursor(sort, rows[-1]) if more and rows else None


async def get_row(session: AsyncSession, observation_id: int) -> RowMapping:
    row = (
        (await session.execute(columns().where(Observation.id == observation_id)))
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
    return ObservationRead(
        id=row["id"],
        indicator=IndicatorRef(
            code=row["indicator_code"],
            name_zh=row["indicator_name_zh"],
            name_en=row["indicator_name_en"],
            category=row["indicator_category"],
        ),
        entity=EntityRef(
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
        qualifier=row["qualifier"],
        qualifier_text=row["qualifier_text"],
        counter=row["counter"],
        area_m2=_float(area),
        display=Display(zh=zh, en=en),
        kind=row["kind"],
        period=Period(label=row["period_label"], start=row["period_start"], end=row["period_end"]),
        status=row["status"],
        review_note=row["review_note"],
        cite=Cite(zh=cite_zh, en=cite_en),
        provenance=Provenance(
            source=row["source_slug"],
            title=row["source_title"],
            publisher=row["source_publisher"],
            published=row["source_published"],
            url=row["source_url"],
            quote=row["quote"],
            surface=row["surface"],
            span=Span(start=row["span_start"], end=row["span_end"]),
            quote_span=Span(start=row["quote_start"], end=row["quote_end"]),
            article_link=display.article_link(
                row["source_url"],
                row["quote"],
                row["surface"],
                row["span_start"] - row["quote_start"],
            ),
            stored_copy=stored,
        ),
        extraction=Extraction(method=row["extraction_method"], version=row["extraction_version"]),
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
