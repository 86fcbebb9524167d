"""A figure's row as people and programs read it: JSON, a validated model, a CSV row.

All three are built from the field declarations of `ObservationRead` (see
`app.schemas.columns`): each leaf names the row key or the derived value it shows and its CSV
column. The declarations are read once into a plan; a row is then a few dict lookups per field.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Union

from pydantic import BaseModel

from app.schemas.columns import From, Prefix
from app.schemas.observations import ObservationRead
from app.services import display

Row = Mapping[str, Any]


@dataclass(frozen=True)
class Leaf:
    path: tuple[str, ...]  # where it sits in the JSON: ("provenance", "span", "start")
    key: str  # the row key or derived value it shows
    derived: bool
    number: bool  # a Decimal column served as a JSON number
    csv: str | None  # its CSV column, if it has one


def _is_float(annotation: Any) -> bool:
    if annotation is float:
        return True
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return float in typing.get_args(annotation)
    return False


def _leaves(
    model: type[BaseModel], prefix: str = "", csv: bool = True, path: tuple[str, ...] = ()
) -> list[Leaf]:
    found: list[Leaf] = []
    for name, info in model.model_fields.items():
        marks = info.metadata
        source = next((m for m in marks if isinstance(m, From)), None)
        if source is not None:
            key = prefix + source.key
            column = source.csv if isinstance(source.csv, str) else key if source.csv else None
            number = _is_float(info.annotation)
            found.append(Leaf((*path, name), key, source.derived, number, column if csv else None))
            continue
        nested = info.annotation
        if not (isinstance(nested, type) and issubclass(nested, BaseModel)):
            raise TypeError(f"{model.__name__}.{name} declares no source (From or a model)")
        under = next((m for m in marks if isinstance(m, Prefix)), Prefix(""))
        found += _leaves(nested, prefix + under.prefix, csv and under.csv, (*path, name))
    return found


LEAVES = _leaves(ObservationRead)
ROW_KEYS = [leaf.key for leaf in LEAVES if not leaf.derived]
CSV_COLUMNS = [leaf.csv for leaf in LEAVES if leaf.csv]
_CSV_LEAVES = [leaf for leaf in LEAVES if leaf.csv]


def _plan(leaves: list[Leaf], depth: int = 0) -> list[tuple[str, Any]]:
    """Nested (name, getter) pairs: a getter is a leaf, or the plan of a nested object."""
    plan: list[tuple[str, Any]] = []
    for leaf in leaves:
        name = leaf.path[depth]
        if len(leaf.path) == depth + 1:
            plan.append((name, leaf))
        elif not plan or plan[-1][0] != name or isinstance(plan[-1][1], Leaf):
            members = [m for m in leaves if len(m.path) > depth + 1 and m.path[depth] == name]
            plan.append((name, _plan(members, depth + 1)))
    return plan


_PLAN = _plan(LEAVES)


def derived(row: Row, public_url: str) -> dict[str, Any]:
    """The values a figure shows that are not columns: display strings, citation, links."""
    value: Decimal = row["value"]
    zh = display.display_zh(value, row["unit"], row["counter"], row["qualifier_text"])
    en = display.display_en(value, row["unit"], row["counter"], row["qualifier_text"])
    stored = f"{public_url.rstrip('/')}/v1/sources/{row['source_slug']}/text#figure-{row['id']}"
    cite_zh, cite_en = display.cite(
        entity_zh=row["entity_name_zh"],
        entity_en=row["entity_name_en"],
        indicator_zh=row["indicator_name_zh"],
        indicator_en=row["indicator_name_en"],
        period_label=row["period_label"],
        period_start=row["period_start"],
        kind=row["kind"],
        zh=zh,
        en=en,
        title=row["source_title"],
        publisher=row["source_publisher"],
        published=row["source_published"],
        url=row["source_url"],
        stored_copy=stored,
    )
    return {
        "display_zh": zh,
        "display_en": en,
        "cite_zh": cite_zh,
        "cite_en": cite_en,
        "stored_copy": stored,
        "area_m2": display.area_m2(value, row["unit"]),
        "period_stated": row["period_label"] is not None,
        "article_link": display.article_link(
            row["source_url"], row["quote"], row["surface"], row["span_start"] - row["quote_start"]
        ),
    }


def _expression(plan: list[tuple[str, Any]]) -> str:
    """The plan as one dict display: `{"id": row["id"], "indicator": {...}, ...}`."""
    parts = []
    for name, getter in plan:
        if isinstance(getter, Leaf):
            source = "extra" if getter.derived else "row"
            value = f"{source}[{getter.key!r}]"
            if getter.number:
                value = f"_number({value})"
            parts.append(f"{name!r}: {value}")
        else:
            parts.append(f"{name!r}: {_expression(getter)}")
    return "{" + ", ".join(parts) + "}"


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _compile(plan: list[tuple[str, Any]]) -> Callable[[Row, dict[str, Any]], dict[str, Any]]:
    """A function building a figure's dict in one expression, generated from the plan once
    (as `dataclasses` generates `__init__`): as fast as writing the dict out by hand, which a
    loop over the plan is not (20 µs a row against 15)."""
    namespace: dict[str, Any] = {"_number": _number}
    exec(f"def build(row, extra):\n    return {_expression(plan)}\n", namespace)  # noqa: S102
    built: Callable[[Row, dict[str, Any]], dict[str, Any]] = namespace["build"]
    return built


_BUILD = _compile(_PLAN)


def figure(row: Row, public_url: str) -> dict[str, Any]:
    """The figure in the shape of `ObservationRead`, as plain data for a JSON encoder.

    List pages encode these directly (orjson): validating twenty trusted rows per request cost
    more than querying them. A test checks that pages validate against the schema.
    """
    return _BUILD(row, derived(row, public_url))


def present(row: Row, public_url: str) -> ObservationRead:
    """The figure as a validated model, for responses that embed figures in other models."""
    return ObservationRead.model_validate(figure(row, public_url))


def csv_row(row: Row, public_url: str) -> list[object]:
    """The figure as a CSV row, in the order of `CSV_COLUMNS`."""
    extra = derived(row, public_url)
    cells: list[object] = []
    for leaf in _CSV_LEAVES:
        value = extra[leaf.key] if leaf.derived else row[leaf.key]
        cells.append(float(value) if leaf.number and value is not None else value)
    return cells


# Sparse fieldsets: `fields=id,value,provenance.quote` keeps those fields (a group such as
# `provenance` keeps all of it). Every path a figure has, for the parameter's pattern.
FIELD_PATHS = sorted(
    {".".join(leaf.path[: i + 1]) for leaf in LEAVES for i in range(len(leaf.path))}
)
_FIELD = "|".join(path.replace(".", r"\.") for path in sorted(FIELD_PATHS, key=len, reverse=True))
FIELDS_PATTERN = rf"^({_FIELD})(,({_FIELD}))*$"


def pick(item: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The figure with only `fields` (dotted paths into it)."""
    out: dict[str, Any] = {}
    for field in fields:
        source: Any = item
        target = out
        *parents, last = field.split(".")
        for name in parents:
            source = source[name]
            target = target.setdefault(name, {})
        target[last] = source[last]
    return out
