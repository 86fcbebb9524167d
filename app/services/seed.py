"""`county seed`: the catalogue, the administrative divisions and the reports in `seed/`.

Idempotent: rows are written only where they differ, and reports are keyed by their sha256.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.datafiles import plain, seed_file
from app.extraction.figures import Figure
from app.extraction.loader import load_bytes
from app.migrate import PRESTART_LOCK
from app.models import Entity, Indicator
from app.services import reference
from app.services.ingest import ingest


@dataclass
class SeedSummary:
    indicators: int = 0
    entities: int = 0
    reports_added: list[str] = field(default_factory=list)
    reports_present: list[str] = field(default_factory=list)
    figures: int = 0
    unclassified: list[tuple[str, Figure]] = field(default_factory=list)


async def _upsert(session: AsyncSession, model: Any, rows: list[dict[str, Any]], key: str) -> int:
    """Insert or update rows that differ; returns how many rows changed."""
    if not rows:
        return 0
    statement = insert(model).values(rows)
    columns = [c for c in rows[0] if c != key]
    changed = tuple_(*[getattr(model, c) for c in columns]).is_distinct_from(
        tuple_(*[statement.excluded[c] for c in columns])
    )
    upsert = statement.on_conflict_do_update(
        index_elements=[key],
        set_={**{c: statement.excluded[c] for c in columns}, "updated_at": func.now()},
        where=changed,
    ).returning(getattr(model, key))
    return len((await session.execute(upsert)).all())


async def seed_reference(session: AsyncSession) -> tuple[int, int]:
    catalogue = reference.catalogue()
    indicators = [
        {
            "code": spec.code,
            "name_zh": spec.name_zh,
            "name_en": spec.name_en,
            "unit": spec.unit,
            "category": spec.category,
            "description": spec.description,
        }
        for spec in catalogue.indicators
    ]
    changed_indicators = await _upsert(session, Indicator, indicators, "code")
    places = reference.gazetteer().places
    divisions = [
        {
            "slug": p.slug,
            "kind": p.kind,
            "name_zh": p.name_zh,
            "name_en": p.name_en,
            "admin_code": p.code,
        }
        for p in places
    ]
    changed_entities = 0
    for chunk in range(0, len(divisions), 1000):
        changed_entities += await _upsert(session, Entity, divisions[chunk : chunk + 1000], "slug")
    # parents by administrative code, only where they differ
    await session.execute(
        text(
            "UPDATE entities AS child SET parent_id = parent.id, updated_at = now() "
            "FROM entities AS parent, "
            "unnest(CAST(:codes AS text[]), CAST(:parents AS text[])) AS link(code, parent_code) "
            "WHERE child.admin_code = link.code AND parent.admin_code = link.parent_code "
            "AND child.parent_id IS DISTINCT FROM parent.id"
        ),
        {
            "codes": [p.code for p in places if p.parent_code],
            "parents": [p.parent_code for p in places if p.parent_code],
        },
    )
    return changed_indicators, changed_entities


def _as_datetime(value: object) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return None


async def seed(
    session: AsyncSession,
    seed_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> SeedSummary:
    """Load reference data and every report listed in `reports.yaml`, in one transaction.
    Hosts seeding at once take turns (an advisory lock held to the end of the transaction)."""
    await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PRESTART_LOCK})
    summary = SeedSummary()
    summary.indicators, summary.entities = await seed_reference(session)
    seed_dir = seed_dir or reference.seed_dir()
    manifest = plain(seed_file(seed_dir, "reports.yaml"))
    corrections = reference.load_corrections(seed_dir)
    for entry in manifest["reports"]:
        path = seed_dir / entry["file"]
        if progress:
            progress(entry["file"])
        document = load_bytes(path.read_bytes(), name=str(path))
        if entry.get("published") and document.published is None:
            document = type(document)(**{**document.__dict__, "published": entry["published"]})
        origin = {
            "file": entry["file"],
            "origin": entry.get("origin"),
            "published_note": entry.get("published_note"),
        }
        result = await ingest(
            session,
            document,
            origin={k: v for k, v in origin.items() if v},
            retrieved_at=_as_datetime(entry.get("retrieved")),
            corrections=[c for c in corrections if c.file == entry["file"]],
            refresh=True,
        )
        target = summary.reports_added if result.created else summary.reports_present
        target.append(result.slug)
        summary.figures += result.figures
        summary.unclassified += [(result.slug, f) for f in result.unclassified]
    return summary
