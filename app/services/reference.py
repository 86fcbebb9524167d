"""The parser's reference data (catalogue, gazetteer, curation), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from app.extraction.catalogue import SEED_DIR, Catalogue, Gazetteer, load_catalogue, load_gazetteer


@dataclass(frozen=True)
class Correction:
    file: str
    start: int
    end: int
    surface: str
    note: str
    changes: dict[str, str]


@cache
def catalogue() -> Catalogue:
    return load_catalogue(SEED_DIR / "indicators.yaml")


@cache
def gazetteer() -> Gazetteer:
    return load_gazetteer(SEED_DIR)


@cache
def park_ratios() -> list[dict[str, Any]]:
    raw = yaml.safe_load((SEED_DIR / "park_ratios.yaml").read_text(encoding="utf-8"))
    ratios: list[dict[str, Any]] = raw["ratios"]
    return ratios


def load_corrections(path: Path | None = None) -> list[Correction]:
    path = path or SEED_DIR / "curation.yaml"
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    corrections = []
    for item in raw.get("corrections") or []:
        changes = {k: str(item[k]) for k in ("indicator", "entity", "kind", "period") if k in item}
        corrections.append(
            Correction(
                file=item["file"],
                start=int(item["start"]),
                end=int(item["end"]),
                surface=str(item["surface"]),
                note=str(item.get("note", "")),
                changes=changes,
            )
        )
    return corrections
