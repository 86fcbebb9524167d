"""Every YAML data file, read once and validated by a pydantic model of its shape.

A malformed file stops the service at start (and any command at once) with one line naming the
file and the first problem, instead of a KeyError deep in the parser on the first report.
The parser's files live in the package (`app/extraction`, `app/web`); the catalogue, divisions
and seed reports in the seed directory (`COUNTY_SEED_DIR`, the checkout's `seed/` by default).
"""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from app.errors import ConfigurationError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- the parser's vocabularies (package data) ------------------------------------------------


class Chrome(Strict):
    drop: list[str]
    publisher: list[str]
    published: list[str]


class Glossary(Strict):
    words: dict[str, str]


class RelativePeriod(Strict):
    offset: int = 0  # years from the publication year
    span: Literal["year", "day", "to_date"] | None = None
    months: tuple[int, int] | None = None  # the first and last month
    closing: bool = False  # the end of the span: a stock on its last day
    last_years: int | None = None  # that many years up to the last full one
    years: tuple[int, int] | None = None  # a fixed span of years


class Context(Strict):
    county_self: str
    county_clause: str
    compared: str
    dateline: str
    size_class: str
    whole_year: str
    phase: str
    ranked_class: str


class Grammar(Strict):
    kinds: dict[str, list[str]]
    relative_periods: dict[str, RelativePeriod]
    context: Context


class Naming(Strict):
    abbreviations: dict[str, str]
    heads: list[str]
    strip_anywhere: list[str]
    growth: list[str]
    decline: list[str]
    amount_change: str
    list_prefixes: dict[str, str]
    parallel: list[str]
    project_classes: str
    gap_words: str
    change_words: str
    lower_words: list[str]
    average_words: dict[str, str]
    share: str
    count_nouns: list[str]
    count_verbs: list[str]
    flows: list[str]
    rewrites: list[list[str]]
    static: str
    duration_heads: str
    unit_heads: dict[str, str]
    yearly: dict[str, str]
    of_the_set: list[str]
    stocks: str
    money_heads: str


class UnitWord(Strict):
    unit: str
    factor: int | float | str = 1


class Units(Strict):
    units: dict[str, dict[str, Any]]
    date_suffixes: list[str]
    label_suffixes: list[str]
    lexicon: list[str]
    date_prefixes: list[str]
    context_units: dict[str, str]


class Strings(Strict):
    zh: dict[str, str | int]
    en: dict[str, str | int]


# --- the seed directory ----------------------------------------------------------------------


class IndicatorEntry(Strict):
    code: str
    name_zh: str
    name_en: str
    unit: str
    category: str
    description: str | None = None
    patterns: list[str] = Field(default_factory=list)
    units: list[str] | Literal["any"] | None = None  # the units it accepts; "any" for all
    aliases: list[str] = Field(default_factory=list)
    assign: bool = True


class Indicators(Strict):
    categories: dict[str, str]
    indicators: list[IndicatorEntry]


class EntityKind(Strict):
    endings: list[str]
    min_core: int
    max_core: int
    generic: list[str] = Field(default_factory=list)
    not_followed_by: str | None = None
    generic_words: list[str] = Field(default_factory=list)


class EntityPatterns(Strict):
    kinds: dict[str, EntityKind]
    boundaries: list[str]
    visits: dict[str, str] = Field(default_factory=dict)
    anaphora: dict[str, list[str]]
    ethnic_groups: list[str]


class Correction(Strict):
    file: str
    start: int
    end: int
    surface: str
    note: str = ""
    indicator: str | None = None
    entity: str | None = None
    kind: str | None = None
    period: str | None = None


class Curation(Strict):
    corrections: list[Correction] = Field(default_factory=list)


class ParkRatio(Strict):
    code: str
    label_zh: str
    label_en: str
    numerator: list[str]
    denominator: list[list[str]]  # alternatives: the first whose indicators all have figures


class ParkRatios(Strict):
    ratios: list[ParkRatio]


class ReportEntry(Strict):
    file: str
    origin: str | None = None
    retrieved: date | None = None
    published: date | None = None
    published_note: str | None = None


class Reports(Strict):
    reports: list[ReportEntry]


PACKAGE_FILES: dict[str, tuple[str, type[BaseModel]]] = {
    "chrome.yaml": ("app.extraction", Chrome),
    "glossary.yaml": ("app.extraction", Glossary),
    "grammar.yaml": ("app.extraction", Grammar),
    "naming.yaml": ("app.extraction", Naming),
    "units.yaml": ("app.extraction", Units),
    "strings.yaml": ("app.web", Strings),
}
SEED_FILES: dict[str, type[BaseModel]] = {
    "indicators.yaml": Indicators,
    "entity_patterns.yaml": EntityPatterns,
    "curation.yaml": Curation,
    "park_ratios.yaml": ParkRatios,
    "reports.yaml": Reports,
}
Kind = Literal["package", "seed"]


def read(path: Path | str, text: str, model: type[M]) -> M:
    """`text` (the file at `path`) parsed and validated; one line naming the file if not."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ConfigurationError(f"{path}: not valid YAML{where}: {exc}".splitlines()[0]) from None
    try:
        return model.model_validate(raw if raw is not None else {})
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"]) or "the file"
        raise ConfigurationError(f"{path}: {location}: {first['msg']}") from None


@cache
def package_file(name: str) -> BaseModel:
    """A parser vocabulary shipped in the package, validated (read once per process)."""
    package, model = PACKAGE_FILES[name]
    resource = resources.files(package) / name
    return read(f"{package.replace('.', '/')}/{name}", resource.read_text("utf-8"), model)


@cache
def seed_file(seed_dir: Path, name: str) -> BaseModel:
    """A file of the seed directory, validated (read once per process)."""
    path = seed_dir / name
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ConfigurationError(
            f"{path} is missing: set COUNTY_SEED_DIR to the project's seed directory"
        ) from None
    return read(path, text, SEED_FILES[name])


def check_all(seed_dir: Path) -> None:
    """Read every data file now, so a malformed one stops the start with one line."""
    for name in PACKAGE_FILES:
        package_file(name)
    for name in SEED_FILES:
        seed_file(seed_dir, name)


def plain(model: BaseModel) -> dict[str, Any]:
    """A validated file as the plain data its readers index into."""
    return model.model_dump(exclude_unset=True)
