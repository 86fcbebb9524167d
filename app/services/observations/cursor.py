"""Keyset pagination of figures.

A cursor is the id of the last figure on the page before (as `starting_after` is in Stripe's
API): every whole number is a valid cursor for every sort, so the published schema (an
integer) says all there is to know. The other sorts read the figure's own keys back by id.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import BigInteger, Integer, Select, bindparam, func, literal, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from app.errors import NotFound
from app.models import Observation
from app.services.fetch import fetch

OBS = Observation.__table__.c
CURSOR_ROW = Observation.__table__.alias("cursor_row").c
NO_DATE = date(1, 1, 1)
Query = Select[*tuple[Any, ...]]


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


async def cursor_figure_exists(session: AsyncSession, cursor: int) -> None:
    """A page sorted by other keys than the id starts after a figure that must still exist."""

    def build() -> Query:
        return select(OBS.id).where(OBS.id == bindparam("id", type_=BigInteger))

    if not await fetch(session, ("figure-exists",), build, {"id": cursor}):
        raise NotFound(f"cursor: no figure {cursor} to continue after; start again without it")
