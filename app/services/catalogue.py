"""The catalogue as served: indicators and entities with how many figures each has."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Entity, Indicator, Observation
from app.schemas.catalogue import EntityRead, IndicatorRead
from app.services import views
from app.services.observations import SERVED


def _indicator(row: Indicator, count: int) -> IndicatorRead:
    return IndicatorRead(
        code=row.code,
        name_zh=row.name_zh,
        name_en=row.name_en,
        unit=row.unit,
        category=row.category,
        description=row.description,
        broader=row.broader_code,
        observations=count,
    )


def _entity(entity: Entity, parent: str | None, count: int) -> EntityRead:
    return EntityRead(
        slug=entity.slug,
        kind=entity.kind,
        name_zh=entity.name_zh,
        name_en=entity.name_en,
        admin_code=entity.admin_code,
        parent=parent,
        observations=count,
    )


async def list_indicators(session: AsyncSession, category: str | None) -> list[IndicatorRead]:
    statement = (
        select(Indicator, SERVED)
        .outerjoin(Observation, Observation.indicator_code == Indicator.code)
        .group_by(Indicator.code)
        .order_by(Indicator.category, Indicator.code)
    )
    if category:
        statement = statement.where(Indicator.category == category)
    items = [_indicator(row, count) for row, count in await session.execute(statement)]
    if category and not items:
        raise NotFound(f"no category {category!r}; GET /v1/indicators lists them")
    return items


async def get_indicator(session: AsyncSession, code: str) -> IndicatorRead:
    indicator = await views.indicator_or_404(session, code)
    count = (
        await session.execute(select(SERVED).where(Observation.indicator_code == code))
    ).scalar_one()
    return _indicator(indicator, count)


async def list_entities(
    session: AsyncSession,
    *,
    kind: str | None,
    parent: str | None,
    with_figures: bool,
    limit: int,
    after: str | None,
) -> tuple[list[EntityRead], str | None]:
    """A page of entities by slug, and the slug to continue after (None on the last page)."""
    parent_table = Entity.__table__.alias("parent")
    counts = (
        select(Observation.entity_id, SERVED.label("n")).group_by(Observation.entity_id).subquery()
    )
    statement = (
        select(Entity, parent_table.c.slug, func.coalesce(counts.c.n, 0))
        .outerjoin(parent_table, parent_table.c.id == Entity.parent_id)
        .outerjoin(counts, counts.c.entity_id == Entity.id)
        .order_by(Entity.slug)
        .limit(limit + 1)
    )
    if kind:
        statement = statement.where(Entity.kind == kind)
    if parent:
        statement = statement.where(
            (parent_table.c.slug == parent) | (parent_table.c.admin_code == parent)
        )
    if with_figures:
        statement = statement.where(counts.c.n > 0)
    if after:
        statement = statement.where(Entity.slug > after)
    rows = (await session.execute(statement)).all()
    if not rows and parent:  # an empty page must not hide a parent that does not exist
        await views.entity_or_404(session, parent)
    items = [_entity(entity, parent_slug, count) for entity, parent_slug, count in rows[:limit]]
    return items, items[-1].slug if len(rows) > limit else None


async def get_entity(session: AsyncSession, key: str) -> EntityRead:
    entity = await views.entity_or_404(session, key)
    parent = await session.get(Entity, entity.parent_id) if entity.parent_id else None
    count = (
        await session.execute(select(SERVED).where(Observation.entity_id == entity.id))
    ).scalar_one()
    return _entity(entity, parent.slug if parent else None, count)
