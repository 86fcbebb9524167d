"""Where each served field of a figure comes from, declared once beside its type.

A leaf of `ObservationRead` is annotated `From(key)`: the column of the figure's row it shows
(`source_title` is the `title` of the joined `sources` table) or, with `derived=True`, a value
the presenter computes (the display strings, the citation, links). A nested model is annotated
`Prefix(...)` when its leaves are read under a prefix (`Span` is both `span_*` and `quote_*`).
From these the query selects its columns, and the JSON and CSV presenters build their rows: a
new field is one annotated line in the schema.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class From:
    key: str
    derived: bool = False
    csv: str | bool = True  # True: a CSV column named as the key; a name; False: not in CSV


@dataclass(frozen=True)
class Prefix:
    prefix: str
    csv: bool = True  # False: none of the nested model's fields are CSV columns
