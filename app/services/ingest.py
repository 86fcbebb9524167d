"""The one place that turns the parser's output into rows: a source, its entities, its figures."""

from __future__ import annotations

import re
from bisect import bisect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any

from pypinyin import lazy_pinyin
from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import Unprocessable
from app.extraction.bounds import bounds
from app.extraction.figures import (
    EXTRACTION_METHOD,
    EXTRACTION_VERSION,
    EntityRef,
    Extraction,
    Figure,
    extract,
)
from app.extraction.loader import Document
from app.extraction.naming import english_name
from app.extraction.periods import Period
from app.models import Entity, Indicator, Observation, ObservationHistory, Source
from app.models.vocab import ReviewStatus
from app.services import reference
from app.services.reference import Correction


class CurationError(ValueError):
    """A curation entry does not match a figure the parser found."""


@dataclass
class IngestResult:
    source_id: int
    slug: str
    created: bool
    figures: int = 0
    unclassified: list[Figure] = field(default_factory=list)


def source_slug(document: Document) -> str:
    syllables = [s for s in lazy_pinyin(document.title) if re.fullmatch(r"[A-Za-z0-9]+", s)]
    head = "-".join(syllables[:8]).lower() or "report"
    return f"{head}-{document.sha256[:8]}"


def parse_period(raw: str) -> Period:
    """`2021`, `2022-02` or `2021-01-01/2021-12-31`, as written in curation entries."""
    if re.fullmatch(r"\d{4}", raw):
        return Period(f"{raw}年", date(int(raw), 1, 1), date(int(raw), 12, 31))
    first, _, last = raw.partition("/")
    start = date.fromisoformat(first)
    return Period(raw, start, date.fromisoformat(last) if last else start)


def apply_corrections(
    extraction: Extraction, corrections: list[Correction]
) -> tuple[list[Figure], dict[int, str]]:
    """Figures with reviewed corrections applied; also the notes, keyed by figure start."""
    figures = list(extraction.figures)
    notes: dict[int, str] = {}
    for correction in corrections:
        index = next(
            (
                i
                for i, f in enumerate(figures)
                if (f.start, f.end) == (correction.start, correction.end)
            ),
            None,
        )
        if index is None or figures[index].surface != correction.surface:
            raise CurationError(
                f"{correction.file}: no figure {correction.surface!r} at "
                f"{correction.start}-{correction.end}; curation may correct figures, not add them"
            )
        figure = figures[index]
        changes: dict[str, Any] = {}
        if "indicator" in correction.changes:
            changes["indicator"] = correction.changes["indicator"]
            changes["indicator_name"] = None
            changes["broader"] = None
        if "kind" in correction.changes:
            changes["kind"] = correction.changes["kind"]
        if "period" in correction.changes:
            changes["period"] = parse_period(correction.changes["period"])
        if "entity" in correction.changes:
            changes["entity"] = EntityRef(slug=correction.changes["entity"], kind="", name_zh="")
        figures[index] = replace(figure, **changes)
        notes[figure.start] = correction.note or "corrected by review"
    return figures, notes


def document_name(document: Document) -> str:
    return f"“{document.title}”" if document.title else "the report"


def run_parser(
    document: Document, progress: Callable[[int, int], None] | None = None
) -> Extraction:
    return extract(document, reference.catalogue(), reference.gazetteer(), progress)


async def find_source(session: AsyncSession, sha256: str) -> tuple[int, str] | None:
    row = (
        await session.execute(select(Source.id, Source.slug).where(Source.sha256 == sha256))
    ).first()
    return (row.id, row.slug) if row else None


async def _entity_ids(session: AsyncSession, refs: list[EntityRef]) -> dict[str, int]:
    new = [r for r in refs if r.admin_code is None and r.kind]
    if new:
        parents = {r.parent_slug for r in new if r.parent_slug}
        parent_ids = dict(
            (
                await session.execute(
                    select(Entity.slug, Entity.id).where(Entity.slug.in_(parents))
                )
            ).all()
        )
        await session.execute(
            insert(Entity)
            .values(
                [
                    {
                        "slug": r.slug,
                        "kind": r.kind,
                        "name_zh": r.name_zh,
                        "name_en": r.name_en,
                        "parent_id": parent_ids.get(r.parent_slug or ""),
                    }
                    for r in new
                ]
            )
            .on_conflict_do_nothing(index_elements=["slug"])
        )
    slugs = {r.slug for r in refs}
    rows = await session.execute(select(Entity.slug, Entity.id).where(Entity.slug.in_(slugs)))
    ids: dict[str, int] = {row.slug: row.id for row in rows}
    missing = slugs - set(ids)
    if missing:
        raise CurationError(f"unknown entities: {', '.join(sorted(missing))} (run `county seed`)")
    return ids


async def _derived_indicators(session: AsyncSession, figures: list[Figure]) -> None:
    """Indicators the parser named from a report's words, added beside the catalogue's."""
    rows = {
        f.indicator: {
            "code": f.indicator,
            "name_zh": f.indicator_name,
            "name_en": english_name(f.indicator_name),
            "broader_code": f.broader,
            "unit": f.unit,
            "category": "economy" if f.unit in ("CNY", "percent", "percentage_point") else "other",
            "description": "Named by the parser from the words of the reports it was found in.",
        }
        for f in figures
        if f.indicator_name
    }
    if rows:
        await session.execute(
            insert(Indicator)
            .values(list(rows.values()))
            .on_conflict_do_nothing(index_elements=["code"])
        )


async def ingest(
    session: AsyncSession,
    document: Document,
    *,
    origin: dict[str, Any] | None = None,
    retrieved_at: datetime | None = None,
    corrections: list[Correction] | None = None,
    extraction: Extraction | None = None,
    refresh: bool = False,
    allow_empty: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> IngestResult:
    """Store a report and its figures, or find it already stored (same text, same sha256).

    With `refresh`, a stored report whose figures an older parser produced is parsed again
    (see `reparse_outdated`). Runs inside the caller's transaction; the database's unique
    sha256 settles races.
    """
    existing = await find_source(session, document.sha256)
    if existing:
        reparsed = (
            await reparse_outdated(session, existing[0], document, corrections or [])
            if refresh
            else None
        )
        return IngestResult(
            source_id=existing[0], slug=existing[1], created=False, figures=reparsed or 0
        )
    if extraction is None:
        extraction = run_parser(document, progress)
    figures, notes = apply_corrections(extraction, corrections or [])
    if not figures and not allow_empty:
        raise Unprocessable(
            f"no figure found in {document_name(document)}, so nothing was stored; "
            "to keep it anyway, ask for it (allow_empty=true, or `county ingest --allow-empty`)"
        )
    slug = source_slug(document)
    source_id = (
        await session.execute(
            insert(Source)
            .values(
                slug=slug,
                title=document.title,
                publisher=document.publisher,
                url=document.url,
                published=document.published,
                format=document.format,
                text=document.text,
                sha256=document.sha256,
                origin={**document.metadata, **(origin or {})},
                retrieved_at=retrieved_at,
            )
            .on_conflict_do_nothing(index_elements=["sha256"])
            .returning(Source.id)
        )
    ).scalar_one_or_none()
    if source_id is None:  # a concurrent request stored the same text first
        existing = await find_source(session, document.sha256)
        assert existing is not None
        return IngestResult(source_id=existing[0], slug=existing[1], created=False)
    stored = await _store_figures(session, source_id, extraction, figures, notes)
    return IngestResult(
        source_id=source_id,
        slug=slug,
        created=True,
        figures=stored,
        unclassified=[f for f in figures if f.indicator == "unclassified"],
    )


async def _store_figures(
    session: AsyncSession,
    source_id: int,
    extraction: Extraction,
    figures: list[Figure],
    notes: dict[int, str],
) -> int:
    await _derived_indicators(session, figures)
    refs = list({f.entity.slug: f.entity for f in figures}.values())
    refs += [r for r in extraction.entities.values() if r.slug not in {x.slug for x in refs}]
    entity_ids = await _entity_ids(session, refs)
    starts = paragraph_starts(extraction.document.text)
    rows = [
        _row(f, source_id, entity_ids, notes.get(f.start)) | {"paragraph": bisect(starts, f.start)}
        for f in figures
    ]
    if rows:
        await session.execute(insert(Observation).values(rows))
    return len(rows)


async def reparse_outdated(
    session: AsyncSession, source_id: int, document: Document, corrections: list[Correction]
) -> int | None:
    """Parse a stored report again when an older parser produced its figures: their rows are
    replaced in the caller's transaction. A report any of whose figures a person reviewed
    (a PATCH left history) is left as it is. Returns the figures stored, or None if unchanged."""
    versions = set(
        (
            await session.execute(
                select(Observation.extraction_version)
                .where(Observation.source_id == source_id)
                .distinct()
            )
        ).scalars()
    )
    if not versions or versions == {EXTRACTION_VERSION}:
        return None
    reviewed = (
        await session.execute(
            select(ObservationHistory.id)
            .join(Observation, Observation.id == ObservationHistory.observation_id)
            .where(Observation.source_id == source_id)
            .limit(1)
        )
    ).first()
    if reviewed is not None:
        return None
    extraction = run_parser(document)
    figures, notes = apply_corrections(extraction, corrections)
    await session.execute(delete(Observation).where(Observation.source_id == source_id))
    return await _store_figures(session, source_id, extraction, figures, notes)


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of a stored text begins (paragraphs are separated by blank lines):
    a figure at offset `start` is in paragraph `bisect(starts, start)`, counting from 1."""
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def _row(
    figure: Figure, source_id: int, entity_ids: dict[str, int], note: str | None
) -> dict[str, Any]:
    low, high = bounds(figure.value, figure.qualifier, figure.qualifier_text, figure.step)
    return {
        "source_id": source_id,
        "indicator_code": figure.indicator,
        "entity_id": entity_ids[figure.entity.slug],
        "value": figure.value,
        "value_low": low,
        "value_high": high,
        "unit": figure.unit,
        "counter": figure.counter,
        "qualifier": figure.qualifier,
        "qualifier_text": figure.qualifier_text,
        "kind": figure.kind,
        "period_start": figure.period.start,
        "period_end": figure.period.end,
        "period_label": figure.period.label,
        "surface": figure.surface,
        "span_start": figure.start,
        "span_end": figure.end,
        "quote": figure.quote,
        "quote_start": figure.quote_start,
        "quote_end": figure.quote_end,
        "flags": list(figure.flags),
        "extraction_method": "rules+review" if note else EXTRACTION_METHOD,
        "extraction_version": EXTRACTION_VERSION,
        "status": ReviewStatus.REVIEWED.value if note else ReviewStatus.EXTRACTED.value,
        "review_note": note,
    }
