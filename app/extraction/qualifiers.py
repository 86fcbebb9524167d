"""The qualifier words (超过, 近, 余, 以上...): one validated table, `qualifiers.yaml`."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

Position = Literal["before", "between", "after"]
Bound = Literal["more_than", "less_than", "approx"]


class Word(BaseModel):
    """One qualifier word: where it stands, what it says about the value, how English says it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    position: Position
    qualifier: Bound
    bounds: Literal["floor", "ceiling", "step", "none"]
    en: str
    scan: bool = True


class Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    words: dict[str, Word]

    def found_by_scan(self, position: Position) -> list[tuple[str, Word]]:
        """The words the parser looks for on their own at `position`, longest first (so
        不超过 is not read as 超过)."""
        found = [(w, e) for w, e in self.words.items() if e.position == position and e.scan]
        return sorted(found, key=lambda item: -len(item[0]))


@cache
def table() -> Table:
    raw = (resources.files("app.extraction") / "qualifiers.yaml").read_text(encoding="utf-8")
    return Table.model_validate(yaml.safe_load(raw))


def word(text: str | None) -> Word | None:
    """The table's entry for a qualifier word as found, if it has one."""
    return table().words.get(text) if text else None
