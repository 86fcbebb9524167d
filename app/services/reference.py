"""The parser's reference data (catalogue, gazetteer, curation), loaded once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from app.config import get_settings
from app.datafiles import plain, seed_file
from app.extraction.catalogue import Catalogue, Gazetteer, load_catalogue, load_gazetteer


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
    return load_catalogue(seed_dir())


@cache
def gazetteer() -> Gazetteer:
    return load_gazetteer(seed_dir())


@cache
def park_ratios() -> list[dict[str, Any]]:
    ratios: list[dict[str, Any]] = plain(seed_file(seed_dir(), "park_ratios.yaml"))["ratios"]
    return ratios


def seed_dir() -> Path:
    return get_settings().county_seed_dir


def load_corrections(directory: Path | None = None) -> list[Correction]:
    raw = plain(seed_file(directory or seed_dir(), "curation.yaml"))
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
