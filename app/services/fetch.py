"""Run a Core select on asyncpg directly, its SQL compiled once per statement shape.

The caller names the shape (a hashable that determines the statement's structure) and gives
the values of its named parameters; the statement is built and compiled (public SQLAlchemy
API: `compile`, `positiontup`, `params`) the first time a shape is seen. Running it through
the driver skips the result machinery that dominated an uncached read. Statements with
expanding IN lists go through `session.execute` as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

_BY_SHAPE: dict[Any, tuple[str, Sequence[str], dict[str, Any]]] = {}
_MAX_SHAPES = 1024
# Observers of every statement sent (tests count queries per request with it).
listeners: list[Callable[[str], None]] = []


async def fetch(
    session: AsyncSession,
    shape: Any,
    build: Callable[[], Select[Any]],
    values: dict[str, Any],
) -> list[Mapping[str, Any]]:
    """Run the statement of `shape` with its named parameters' `values`. `build` makes the
    statement; it is called, and the statement compiled, once per shape."""
    connection = await session.connection()
    entry = _BY_SHAPE.get(shape)
    if entry is None:
        compiled = build().compile(dialect=connection.dialect)
        # constants (status != 'retracted') are anonymous parameters, the same for the shape
        entry = (str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params))
        if len(_BY_SHAPE) < _MAX_SHAPES:
            _BY_SHAPE[shape] = entry
    sql, order, constants = entry
    values = constants | values
    for listener in listeners:
        listener(sql)
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    records: list[Mapping[str, Any]] = await driver.fetch(sql, *(values[name] for name in order))
    return records
