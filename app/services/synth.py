"""Synthetic figures at scale, for benchmarks: COPY, not row-by-row inserts.

Every row is marked: its source is `synthetic`, its extraction method is `synthetic`, and it
carries the `synthetic` flag. Values follow a smooth trend per county and indicator, so series
look like real ones.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncConnection

from app.models import Entity, Indicator, Observation, Source

COLUMNS = (
    "source_id",
    "indicator_code",
    "entity_id",
    "value",
    "value_low",
    "value_high",
    "unit",
    "qualifier",
    "kind",
    "period_start",
    "period_end",
    "period_label",
    "surface",
    "span_start",
    "span_end",
    "quote",
    "quote_start",
    "quote_end",
    "flags",
    "extraction_method",
    "extraction_version",
    "status",
)
SCALES = {"CNY": 10**9, "percent": 10, "count": 200, "person": 50_000, "m2": 10**6, "mu": 3000}


async def synthesize(
    connection: AsyncConnection,
    *,
    entities: int,
    years: int,
    indicators: int,
    skip: int = 0,
    last_year: int = 2024,
    chunk: int = 50_000,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Add entities × years × indicators synthetic figures; returns how many were written."""
    places = (
        await connection.execute(
            select(Entity.id, Entity.name_zh)
            .where(Entity.kind == "county")
            .order_by(Entity.admin_code)
            .offset(skip)
            .limit(entities)
        )
    ).all()
    catalogue = (
        await connection.execute(
            select(Indicator.code, Indicator.name_zh, Indicator.unit)
            .where(Indicator.code != "unclassified")
            .order_by(Indicator.category, Indicator.code)
            .limit(indicators)
        )
    ).all()
    if len(places) < entities or len(catalogue) < indicators:
        raise ValueError(
            f"only {len(places)} counties and {len(catalogue)} indicators are loaded; "
            "run `county seed` first or ask for fewer"
        )
    offset = (
        await connection.execute(select(func.coalesce(func.max(Observation.span_end), 0)))
    ).scalar_one()
    source_ids = await _sources(connection, [(pid, name) for pid, name in places])
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    written = 0
    batch: list[tuple[Any, ...]] = []
    for record in _records(places, catalogue, source_ids, years, last_year, offset):
        batch.append(record)
        if len(batch) >= chunk:
            await driver.copy_records_to_table("observations", records=batch, columns=COLUMNS)
            written += len(batch)
            batch = []
            if progress:
                progress(written)
    if batch:
        await driver.copy_records_to_table("observations", records=batch, columns=COLUMNS)
        written += len(batch)
        if progress:
            progress(written)
    await connection.execute(text("ANALYZE observations"))
    return written


async def _sources(connection: AsyncConnection, places: list[tuple[int, str]]) -> dict[int, int]:
    """One synthetic source per county, reused by later runs."""
    ids: dict[int, int] = {}
    for entity_id, name in places:
        slug = f"synthetic-{entity_id}"
        existing = (
            await connection.execute(select(Source.id).where(Source.slug == slug))
        ).scalar_one_or_none()
        if existing is None:
            body = f"{name}统计数据（合成数据，仅供测试）"
            existing = (
                await connection.execute(
                    insert(Source)
                    .values(
                        slug=slug,
                        title=f"{name}合成数据",
                        publisher="county-indicators synth",
                        format="text",
                        text=body,
                        sha256=hashlib.sha256(f"{slug}:{body}".encode()).hexdigest(),
                        synthetic=True,
                        origin={"synthetic": True},
                        retrieved_at=datetime.now(UTC),
                    )
                    .returning(Source.id)
                )
            ).scalar_one()
        ids[entity_id] = existing
    return ids


def _records(
    places: Sequence[Any],
    catalogue: Sequence[Any],
    source_ids: dict[int, int],
    years: int,
    last_year: int,
    offset: int,
) -> Iterator[tuple[Any, ...]]:
    rng = random.Random(20261122)
    position = offset
    for entity_id, entity_name in places:
        for code, indicator_name, unit in catalogue:
            base = SCALES.get(unit, 100) * (0.5 + rng.random())
            growth = 1 + rng.uniform(-0.02, 0.12)
            for year in range(last_year - years + 1, last_year + 1):
                value = Decimal(str(round(base * growth ** (year - last_year + years), 2)))
                surface = f"{value}"
                quote = f"{entity_name}{year}年{indicator_name}{surface}"
                position += 3
                yield (
                    source_ids[entity_id],
                    code,
                    entity_id,
                    value,
                    value,
                    value,
                    unit,
                    "exact",
                    "actual",
                    date(year, 1, 1),
                    date(year, 12, 31),
                    f"{year}年",
                    surface,
                    position,
                    position + 2,
                    quote,
                    position,
                    position + 2,
                    ["synthetic"],
                    "synthetic",
                    "synth-1",
                    "extracted",
                )
