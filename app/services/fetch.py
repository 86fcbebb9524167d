"""Run a Core select on asyncpg directly, with its SQL compiled once per statement shape.

SQLAlchemy builds the statement and compiles it (once per shape, keyed by its cache key);
executing it through the driver skips the result machinery that dominated an uncached read.
Statements with expanding IN lists go through SQLAlchemy as usual.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True)
class _Shape:
    sql: str
    names: Sequence[str]  # bind name of each of the cache key's parameters, in its order
    order: Sequence[str]  # bind names in the order of $1, $2, …


_SHAPES: dict[Any, _Shape | None] = {}
_MAX_SHAPES = 1024
# Observers of every statement sent (tests count queries per request with it).
listeners: list[Callable[[str], None]] = []


async def fetch(session: AsyncSession, statement: Select[Any]) -> list[Mapping[str, Any]]:
    connection = await session.connection()
    cache_key = statement._generate_cache_key()
    shape = _SHAPES.get(cache_key.key) if cache_key is not None else None
    if cache_key is not None and cache_key.key not in _SHAPES:
        compiled = statement.compile(dialect=connection.dialect)
        sql = str(compiled)
        names = [compiled.bind_names.get(bind) for bind in cache_key.bindparams]
        if "POSTCOMPILE" in sql or None in names:
            shape = None  # expanding parameters: not for the raw path
        else:
            shape = _Shape(sql, tuple(n for n in names if n), tuple(compiled.positiontup or ()))
        if len(_SHAPES) < _MAX_SHAPES:
            _SHAPES[cache_key.key] = shape
    if shape is None or cache_key is None:
        for listener in listeners:
            listener(str(statement))
        return list((await connection.execute(statement)).mappings())
    values = dict(zip(shape.names, (b.effective_value for b in cache_key.bindparams), strict=True))
    for listener in listeners:
        listener(shape.sql)
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    records: list[Mapping[str, Any]] = await driver.fetch(
        shape.sql, *(values[n] for n in shape.order)
    )
    return records


_BY_SHAPE: dict[Any, tuple[str, Sequence[str], dict[str, Any]]] = {}


async def fetch_shape(
    session: AsyncSession,
    shape: Any,
    build: Callable[[], Select[Any]],
    values: dict[str, Any],
) -> list[Mapping[str, Any]]:
    """Run the statement whose structure is fully determined by `shape` (a hashable the caller
    makes), with its named parameters' `values`. `build` makes the statement; it is called, and
    the statement compiled, once per shape."""
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
