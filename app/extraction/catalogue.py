"""The indicator catalogue and the entity gazetteer, loaded from the data files in `seed/`."""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import lazy_pinyin

from app.datafiles import plain, seed_file
from app.extraction.naming import canonical_name

FIGURE = "<N>"
UNCLASSIFIED = "unclassified"


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    name_zh: str
    name_en: str
    unit: str
    category: str
    description: str
    units: frozenset[str] | None  # None accepts any unit
    patterns: tuple[re.Pattern[str], ...]
    aliases: tuple[str, ...] = ()
    assign: bool = True  # False: too generic to name a figure, kept for stored figures


def derived_code(name: str) -> str:
    """A stable code for an indicator the catalogue does not list: `x-` and its name's pinyin."""
    syllables = [s for s in lazy_pinyin(name) if re.fullmatch(r"[a-zA-Z0-9]+", s)]
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
    return f"x-{''.join(syllables)[:48].lower()}-{digest}"


@dataclass(frozen=True)
class Catalogue:
    indicators: tuple[IndicatorSpec, ...]
    categories: dict[str, str]

    names: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for spec in self.indicators:
            if not spec.assign:
                continue
            for name in (spec.name_zh, *spec.aliases):
                self.names.setdefault(canonical_name(name), spec.code)

    def code_for(self, name: str) -> str | None:
        """The catalogue code of an indicator named `name` (in any spelling), if listed."""
        return self.names.get(canonical_name(name))

    def get(self, code: str) -> IndicatorSpec:
        for spec in self.indicators:
            if spec.code == code:
                return spec
        raise KeyError(code)


class CatalogueError(ValueError):
    """A data file in seed/ is malformed."""


def load_catalogue(seed_dir: Path) -> Catalogue:
    path = seed_dir / "indicators.yaml"
    raw = plain(seed_file(seed_dir, "indicators.yaml"))
    specs = []
    seen: set[str] = set()
    for item in raw["indicators"]:
        code = item["code"]
        if code in seen:
            raise CatalogueError(f"{path}: indicator {code!r} is listed twice")
        if item["category"] not in raw["categories"]:
            raise CatalogueError(f"{path}: {code!r} has unknown category {item['category']!r}")
        seen.add(code)
        units = item.get("units", [item["unit"]])
        try:
            patterns = tuple(
                re.compile(p.replace(FIGURE, re.escape(FIGURE))) for p in item.get("patterns", [])
            )
        except re.error as exc:
            raise CatalogueError(f"{path}: bad pattern for {code!r}: {exc}") from exc
        specs.append(
            IndicatorSpec(
                code=code,
                name_zh=item["name_zh"],
                name_en=item["name_en"],
                unit=item["unit"],
                category=item["category"],
                description=item.get("description", ""),
                units=None if units == "any" else frozenset(units),
                patterns=patterns,
                aliases=tuple(item.get("aliases", [])),
                assign=bool(item.get("assign", True)),
            )
        )
    if "unclassified" not in seen:
        raise CatalogueError(f"{path}: the catalogue needs an 'unclassified' indicator")
    return Catalogue(indicators=tuple(specs), categories=raw["categories"])


@dataclass(frozen=True)
class Place:
    """An administrative division (GB/T 2260)."""

    code: str
    slug: str
    kind: str
    name_zh: str
    name_en: str
    parent_code: str | None
    aliases: tuple[str, ...] = ()  # 互助县 for 互助土族自治县

    @property
    def short_name(self) -> str:
        for suffix in ("自治县", "自治州", "自治区", "地区", "省", "市", "县", "区", "盟", "旗"):
            if self.name_zh.endswith(suffix) and len(self.name_zh) - len(suffix) >= 2:
                return self.name_zh[: -len(suffix)]
        return self.name_zh


@dataclass(frozen=True)
class EntityPatterns:
    endings: dict[str, tuple[str, ...]]
    min_core: dict[str, int]
    max_core: dict[str, int]
    not_followed_by: dict[str, re.Pattern[str] | None]
    generic: dict[str, frozenset[str]]
    generic_words: dict[str, tuple[str, ...]]
    boundaries: tuple[str, ...]
    anaphora: dict[str, tuple[str, ...]]
    visits: dict[str, re.Pattern[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    patterns: EntityPatterns
    by_code: dict[str, Place] = field(default_factory=dict)

    by_name: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_code.update({p.code: p for p in self.places})
        full = Counter(p.name_zh for p in self.places)
        short = Counter(p.short_name for p in self.places)
        for place in self.places:
            if short[place.short_name] == 1:
                self.by_name.setdefault(place.short_name, place.code)
        for place in self.places:
            if full[place.name_zh] == 1:
                self.by_name[place.name_zh] = place.code

    def code_of(self, name: str) -> str | None:
        """The division a name means, when only one division has that full or short name
        (宜州区, renamed from 宜州市, is found by its short name)."""
        if name in self.by_name:
            return self.by_name[name]
        if len(name) >= 3 and name[-1] in "县市区":
            code = self.by_name.get(name[:-1])
            place = self.by_code.get(code or "")
            return code if place is not None and place.kind == "county" else None
        return None


def _autonomous_aliases(name: str, ethnic: re.Pattern[str]) -> tuple[str, ...]:
    """互助县 for 互助土族自治县, 鄂伦春旗 for 鄂伦春自治旗: what reports call them."""
    match = re.fullmatch(rf"(.{{2,}}?)(?:{ethnic.pattern})*自治(县|旗)", name)
    if match is None:
        return ()
    return (match.group(1) + match.group(2),)


def load_gazetteer(seed_dir: Path) -> Gazetteer:
    raw = plain(seed_file(seed_dir, "entity_patterns.yaml"))
    ethnic = re.compile("|".join(sorted(raw["ethnic_groups"], key=len, reverse=True)))
    with (seed_dir / "divisions.csv").open(encoding="utf-8") as handle:
        places = tuple(
            Place(
                code=row["code"],
                slug=row["slug"],
                kind=row["kind"],
                name_zh=row["name_zh"],
                name_en=row["name_en"],
                parent_code=row["parent_code"] or None,
                aliases=_autonomous_aliases(row["name_zh"], ethnic),
            )
            for row in csv.DictReader(handle)
        )
    kinds = raw["kinds"]
    patterns = EntityPatterns(
        endings={k: tuple(v["endings"]) for k, v in kinds.items()},
        min_core={k: int(v.get("min_core", 2)) for k, v in kinds.items()},
        max_core={k: int(v.get("max_core", 20)) for k, v in kinds.items()},
        not_followed_by={
            k: re.compile(v["not_followed_by"]) if v.get("not_followed_by") else None
            for k, v in kinds.items()
        },
        generic={k: frozenset(v.get("generic", [])) for k, v in kinds.items()},
        generic_words={k: tuple(v.get("generic_words", [])) for k, v in kinds.items()},
        boundaries=tuple(sorted(raw["boundaries"], key=len, reverse=True)),
        anaphora={k: tuple(v) for k, v in raw["anaphora"].items()},
        visits={k: re.compile(v) for k, v in raw.get("visits", {}).items()},
    )
    return Gazetteer(places=places, patterns=patterns)
