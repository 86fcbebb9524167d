"""Reviewers' corrections: the old values go to the history table, with who and when."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.extraction.bounds import bounds
from app.models import Entity, Indicator, Observation, ObservationHistory
from app.schemas.writes import HistoryEntry, ObservationPatch
from app.services.observations import entity_match


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


async def apply(
    session: AsyncSession, observation_id: int, patch: ObservationPatch, changed_by: str
) -> None:
    """Change one figure and record its previous values, in the caller's transaction."""
    row = (
        await session.execute(
            select(Observation).where(Observation.id == observation_id).with_for_update()
        )
    ).scalar_one_or_none()
    if row is None:
        raise NotFound(f"no observation with id {observation_id}")
    changes: dict[str, Any] = {}
    if patch.indicator is not None:
        if await session.get(Indicator, patch.indicator) is None:
            raise NotFound(f"indicator: no indicator {patch.indicator!r}; GET /v1/indicators")
        changes["indicator_code"] = patch.indicator
    if patch.entity is not None:
        entity = (
            (await session.execute(select(Entity).where(entity_match(patch.entity))))
            .scalars()
            .first()
        )
        if entity is None:
            raise NotFound(f"entity: no place {patch.entity!r}; GET /v1/entities")
        changes["entity_id"] = entity.id
    if patch.period is not None:
        changes |= {
            "period_start": patch.period.start,
            "period_end": patch.period.end,
            "period_label": patch.period.label,
        }
    if patch.kind is not None:
        changes["kind"] = patch.kind.value
    if patch.value is not None:
        value = Decimal(str(patch.value))
        low, high = bounds(value, row.qualifier, row.qualifier_text, Decimal(1))
        changes |= {"value": value, "value_low": low, "value_high": high}
    status = patch.status or "reviewed"
    changes["status"] = status
    if patch.reason:
        changes["review_note"] = patch.reason
    if changes.keys() - {"status", "review_note"}:
        changes["extraction_method"] = "rules+review"
    old = {k: _jsonable(getattr(row, k)) for k in changes}
    new = {k: _jsonable(v) for k, v in changes.items()}
    action = (
        "retract"
        if status == "retracted"
        else "correct"
        if set(changes) - {"status", "review_note"}
        else "review"
    )
    await session.execute(
        update(Observation).where(Observation.id == observation_id).values(**changes)
    )
    session.add(
        ObservationHistory(
            observation_id=observation_id,
            changed_by=changed_by,
            action=action,
            reason=patch.reason,
            old=old,
            new=new,
        )
    )
    await session.flush()


async def history(session: AsyncSession, observation_id: int) -> list[HistoryEntry]:
    if await session.get(Observation, observation_id) is None:
        raise NotFound(f"no observation with id {observation_id}")
    rows = await session.execute(
        select(ObservationHistory)
        .where(ObservationHistory.observation_id == observation_id)
        .order_by(ObservationHistory.id)
    )
    return [
        HistoryEntry(
            id=h.id,
            changed_at=h.changed_at,
            changed_by=h.changed_by,
            action=h.action,
            reason=h.reason,
            old=h.old,
            new=h.new,
        )
        for h in rows.scalars()
    ]
