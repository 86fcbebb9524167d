"""Reports: listing, one report with its figures, and the stored text with figures marked."""

from __future__ import annotations

import html
from typing import Any

from sqlalchemy import delete as sa_delete
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Observation, Source
from app.schemas.sources import SourceRead
from app.services.observations import SERVED


def _read(source: Source, figures: int, public_url: str) -> SourceRead:
    return SourceRead(
        slug=source.slug,
        title=source.title,
        publisher=source.publisher,
        url=source.url,
        published=source.published,
        language=source.language,
        format=source.format,
        sha256=source.sha256,
        characters=len(source.text),
        figures=figures,
        origin={k: str(v) for k, v in (source.origin or {}).items()},
        retrieved_at=source.retrieved_at,
        ingested_at=source.ingested_at,
        text_url=f"{public_url.rstrip('/')}/v1/sources/{source.slug}/text",
    )


async def list_sources(
    session: AsyncSession, public_url: str, limit: int, after: int | None
) -> tuple[list[SourceRead], int | None]:
    statement = (
        select(Source, SERVED)
        .outerjoin(Observation, Observation.source_id == Source.id)
        .group_by(Source.id)
        .order_by(Source.id)
        .limit(limit + 1)
    )
    if after is not None:
        statement = statement.where(Source.id > after)
    rows = (await session.execute(statement)).all()
    items = [_read(source, count, public_url) for source, count in rows[:limit]]
    last = rows[limit - 1][0].id if len(rows) > limit else None
    return items, last


async def source_or_404(session: AsyncSession, slug: str) -> Source:
    source = (await session.execute(select(Source).where(Source.slug == slug))).scalar_one_or_none()
    if source is None:
        raise NotFound(f"no source {slug!r}; GET /v1/sources lists them")
    return source


async def delete(session: AsyncSession, source: Source) -> None:
    """Remove a report; its figures and their history go with it (ON DELETE CASCADE)."""
    await session.execute(sa_delete(Source).where(Source.id == source.id))


async def read(session: AsyncSession, source: Source, public_url: str) -> SourceRead:
    count = (
        await session.execute(select(SERVED).where(Observation.source_id == source.id))
    ).scalar_one()
    return _read(source, count, public_url)


async def marks(session: AsyncSession, source: Source) -> list[dict[str, Any]]:
    statement = (
        select(
            Observation.id,
            Observation.span_start,
            Observation.span_end,
            Observation.indicator_code,
            Observation.status,
        )
        .where(Observation.source_id == source.id, Observation.status != "retracted")
        .order_by(Observation.span_start)
    )
    return [dict(row) for row in (await session.execute(statement)).mappings()]


PAGE = """<!doctype html>
<html lang="zh"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<style>
body {{ font: 17px/1.7 system-ui, sans-serif; max-width: 46em; margin: 2em auto; padding: 0 1em; }}
mark {{ background: #fff3a3; padding: 0 .1em; }}
mark:target {{ background: #ffb347; outline: 2px solid #d9822b; }}
header p {{ color: #555; font-size: 90%; }}
</style></head>
<body><header><h1>{title}</h1><p>{meta}</p></header>
<article>
{body}
</article></body></html>
"""


def render_html(source: Source, figures: list[dict[str, Any]]) -> str:
    """The stored text as HTML, each figure wrapped in <mark id="figure-N">."""
    text = source.text
    pieces: list[str] = []
    position = 0
    for figure in figures:
        start, end = figure["span_start"], figure["span_end"]
        if start < position:
            continue  # overlapping spans: keep the first
        pieces.append(html.escape(text[position:start]))
        pieces.append(
            f'<mark id="figure-{figure["id"]}" '
            f'data-indicator="{html.escape(figure["indicator_code"])}">'
            f"{html.escape(text[start:end])}</mark>"
        )
        position = end
    pieces.append(html.escape(text[position:]))
    marked = "".join(pieces)
    paragraphs = "\n".join(f"<p>{p}</p>" for p in marked.split("\n\n") if p.strip())
    meta = " · ".join(
        html.escape(str(v)) for v in (source.publisher, source.published, source.url) if v
    )
    return PAGE.format(title=html.escape(source.title), meta=meta, body=paragraphs)
