"""Journalists' search over quotes, indicator names and entity names.

pg_trgm's word similarity ranks quotes (it works on Chinese, which full-text parsers do not
segment); a substring match always counts, so a two-character query still finds its sentence.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer, String, bindparam, case, func, literal, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.models import Entity, Indicator, Observation
from app.schemas.search import SearchHit
from app.services import observations as obs
from app.services.fetch import fetch


def _figures_matching() -> obs.Query:
    """Figures whose quote holds `:q` (ranked by pg_trgm word similarity, a substring match
    first), with named parameters so the statement is compiled once."""
    q: Any = bindparam("q", type_=String)
    pattern: Any = bindparam("pattern", type_=String)
    similarity = func.word_similarity(q, obs.OBS.quote)
    quote_score = similarity + case((obs.OBS.quote.ilike(pattern, escape="\\"), 0.5), else_=0.0)
    return (
        obs.columns()
        .add_columns(quote_score.label("score"))
        .where(
            obs.OBS.status != "retracted",
            or_(obs.OBS.quote.ilike(pattern, escape="\\"), q.op("<%")(obs.OBS.quote)),
        )
        .order_by(quote_score.desc(), obs.OBS.id)
        .limit(bindparam("limit", type_=Integer))
    )


async def search(session: AsyncSession, q: str, limit: int, public_url: str) -> list[SearchHit]:
    base = public_url.rstrip("/")
    pattern = f"%{obs.escape_like(q)}%"
    values = {"q": q, "pattern": pattern, "limit": limit}
    rows = await fetch(session, ("search",), _figures_matching, values)
    hits: list[SearchHit] = []
    for row in rows:
        item = obs.present(row, public_url)
        hits.append(
            SearchHit(
                type="observation",
                score=round(float(row["score"]), 4),
                title=f"{item.entity.name_zh} · {item.indicator.name_zh} · {item.display.zh}",
                snippet=item.provenance.quote,
                link=f"{base}/v1/observations/{item.id}",
                observation=item,
            )
        )
    exact = func.lower(literal(q))
    indicator_score = case(
        (
            or_(
                func.lower(Indicator.name_zh) == exact,
                func.lower(Indicator.name_en) == exact,
                Indicator.code == q,
            ),
            1.5,
        ),
        else_=1.2,
    )
    indicators = (
        select(Indicator, indicator_score.label("score"))
        .where(
            or_(
                Indicator.name_zh.ilike(pattern, escape="\\"),
                Indicator.name_en.ilike(pattern, escape="\\"),
                Indicator.code.ilike(pattern, escape="\\"),
            )
        )
        .order_by(indicator_score.desc(), Indicator.code)
        .limit(limit)
    )
    for indicator, score in await session.execute(indicators):
        hits.append(
            SearchHit(
                type="indicator",
                score=float(score),
                title=f"{indicator.name_zh} · {indicator.name_en}",
                snippet=indicator.description or None,
                link=f"{base}/v1/indicators/{indicator.code}",
            )
        )
    figures = select(func.count()).where(Observation.entity_id == Entity.id).scalar_subquery()
    entity_score = case((Entity.name_zh == q, 1.4), else_=1.1) + case(
        (figures > 0, 0.05), else_=0.0
    )
    entities = (
        select(Entity, entity_score.label("score"))
        .where(
            or_(
                Entity.name_zh.ilike(pattern, escape="\\"),
                Entity.name_en.ilike(pattern, escape="\\"),
            )
        )
        .order_by(entity_score.desc(), Entity.slug)
        .limit(limit)
    )
    for entity, score in await session.execute(entities):
        hits.append(
            SearchHit(
                type="entity",
                score=round(float(score), 4),
                title=f"{entity.name_zh} · {entity.name_en or entity.kind}",
                snippet=None,
                link=f"{base}/v1/entities/{entity.slug}",
            )
        )
    hits.sort(key=lambda hit: hit.score, reverse=True)
    return hits[:limit]
