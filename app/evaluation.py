"""Score the parser against an annotated corpus: are the figures found, and is their meaning right?

A corpus directory holds reports (`NAME.md`, `.txt` or `.html`) each beside its annotations
(`NAME.yaml`, described in `corpus/README.md`). An annotated figure is *found* when the parser
reports a figure over the same characters with the same value and unit. Of the found figures we
count those whose indicator, place, period and qualifier are right; a figure's *meaning* is right
when its indicator, place and period are all right.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from app.extraction.catalogue import Catalogue, Gazetteer
from app.extraction.figures import Extraction, Figure, extract, indicator_name
from app.extraction.loader import Document, load_bytes
from app.extraction.naming import canonical_name

REPORT_SUFFIXES = (".md", ".txt", ".html", ".htm")
# Units the parser may report for an annotated unit (the parser folds these together).
COMPATIBLE_UNITS = {"percentage_point": {"percent"}}
ASPECTS = ("indicator", "place", "period", "qualifier")


class CorpusError(ValueError):
    """An annotation file is malformed or does not match its report."""


@dataclass(frozen=True)
class Gold:
    text: str
    start: int
    end: int
    value: Decimal
    unit: str
    qualifier: str
    indicator: str
    place: str
    period: tuple[date, date] | None


@dataclass(frozen=True)
class Case:
    name: str
    document: Document
    gold: tuple[Gold, ...]
    place: str = ""


@dataclass
class Mismatch:
    gold: Gold
    figure: Figure | None
    wrong: tuple[str, ...]


@dataclass
class Score:
    name: str
    annotated: int = 0
    reported: int = 0
    found: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ASPECTS, 0))
    all_four: int = 0
    meaning: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    extra: list[Figure] = field(default_factory=list)
    matched: list[tuple[Gold, Figure]] = field(default_factory=list)  # the found figures

    def add(self, other: Score) -> None:
        self.annotated += other.annotated
        self.reported += other.reported
        self.found += other.found
        self.all_four += other.all_four
        self.meaning += other.meaning
        for aspect in ASPECTS:
            self.right[aspect] += other.right[aspect]

    @property
    def recall(self) -> float:
        return self.found / self.annotated if self.annotated else 1.0

    @property
    def precision(self) -> float:
        return self.found / self.reported if self.reported else 1.0

    def share(self, count: int) -> float:
        return count / self.found if self.found else 0.0

    @property
    def meaning_rate(self) -> float:
        """Figures found with indicator, place and period right, of all annotated figures."""
        return self.meaning / self.annotated if self.annotated else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "report": self.name,
            "annotated": self.annotated,
            "reported": self.reported,
            "found": self.found,
            "recall": round(self.recall, 4),
            "precision": round(self.precision, 4),
            **{aspect: round(self.share(self.right[aspect]), 4) for aspect in ASPECTS},
            "all_four": round(self.share(self.all_four), 4),
            "meaning": round(self.meaning_rate, 4),
        }


# --- reading a corpus -----------------------------------------------------------------------------


def parse_period(raw: object) -> tuple[date, date] | None:
    """`2023`, `2023-Q1`, `2023-H1`, `2023-04`, `2023-04-30`, and ranges `A..B` of those."""
    if raw is None or raw == "":
        return None
    text = str(raw).strip()
    if ".." in text:
        first, last = text.split("..", 1)
        return _period_bounds(first)[0], _period_bounds(last)[1]
    return _period_bounds(text)


def _period_bounds(text: str) -> tuple[date, date]:
    if m := re.fullmatch(r"(\d{4})", text):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
        year, quarter = int(m.group(1)), int(m.group(2))
        return date(year, 3 * quarter - 2, 1), _month_end(year, 3 * quarter)
    if m := re.fullmatch(r"(\d{4})-H([12])", text):
        year, half = int(m.group(1)), int(m.group(2))
        return date(year, 6 * half - 5, 1), _month_end(year, 6 * half)
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        year, month = int(m.group(1)), int(m.group(2))
        return date(year, month, 1), _month_end(year, month)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise CorpusError(f"not a period: {text!r}") from None
    return day, day


def _month_end(year: int, month: int) -> date:
    return (date(year + month // 12, month % 12 + 1, 1)) - timedelta(days=1)


def _report_for(annotations: Path) -> Path:
    for suffix in REPORT_SUFFIXES:
        candidate = annotations.with_suffix(suffix)
        if candidate.exists():
            return candidate
    raise CorpusError(f"{annotations}: no report beside it ({', '.join(REPORT_SUFFIXES)})")


def load_case(annotations: Path) -> Case:
    raw = yaml.safe_load(annotations.read_text(encoding="utf-8")) or {}
    report = _report_for(annotations)
    document = load_bytes(report.read_bytes(), name=str(report))
    if raw.get("published") and document.published is None:
        published = raw["published"]
        document = _with_published(document, published)
    gold = []
    cursor: dict[str, int] = {}
    for number, item in enumerate(raw.get("figures") or [], 1):
        where = f"{annotations.name} figure {number}"
        try:
            value = Decimal(str(item["value"]))
        except (KeyError, InvalidOperation):
            raise CorpusError(f"{where}: no numeric value") from None
        start = _locate(document.text, str(item["text"]), str(item.get("context") or ""), cursor)
        if start is None:
            raise CorpusError(f"{where}: {item['text']!r} in {item.get('context')!r} not found")
        gold.append(
            Gold(
                text=str(item["text"]),
                start=start,
                end=start + len(str(item["text"])),
                value=value,
                unit=str(item["unit"]),
                qualifier=str(item.get("qualifier") or "exact"),
                indicator=str(item.get("indicator") or ""),
                place=str(item.get("place") or raw.get("place") or ""),
                period=parse_period(item.get("period")),
            )
        )
    return Case(
        name=annotations.stem,
        document=document,
        gold=tuple(gold),
        place=str(raw.get("place") or ""),
    )


def _with_published(document: Document, published: object) -> Document:
    day = published if isinstance(published, date) else date.fromisoformat(str(published))
    return replace(document, published=day)


def _locate(text: str, surface: str, context: str, cursor: dict[str, int]) -> int | None:
    """Where the annotated figure sits: inside its context, else the next unused occurrence."""
    if context and surface in context:
        at = text.find(context)
        if at >= 0:
            return at + context.index(surface)
        squeezed = re.sub(r"\s+", "", context)
        at = text.find(squeezed)
        if at >= 0 and surface in squeezed:
            return at + squeezed.index(surface)
    at = text.find(surface, cursor.get(surface, 0))
    if at < 0:
        return None
    cursor[surface] = at + len(surface)
    return at


def load_corpus(directory: Path) -> list[Case]:
    if not directory.is_dir():
        raise CorpusError(f"{directory} is not a directory")
    cases = [load_case(path) for path in sorted(directory.glob("*.yaml"))]
    if not cases:
        raise CorpusError(f"{directory} holds no annotated reports (NAME.yaml beside NAME.md)")
    return cases


# --- scoring --------------------------------------------------------------------------------------


def _same_value(gold: Gold, figure: Figure) -> bool:
    if figure.unit != gold.unit and figure.unit not in COMPATIBLE_UNITS.get(gold.unit, ()):
        return False
    tolerance = abs(gold.value) * Decimal("0.0005")
    return abs(figure.value - gold.value) <= tolerance


def _place_key(name: str, gazetteer: Gazetteer) -> str:
    cleaned = re.sub(r"[\s“”‘’\"《》「」]", "", name)
    code = gazetteer.code_of(cleaned)
    return code or cleaned


def period_of(figure: Figure) -> tuple[date, date] | None:
    period = figure.period
    if period.label is None or period.start is None or period.end is None:
        return None  # "as of publication" states no period
    return period.start, period.end


def judge(gold: Gold, figure: Figure, catalogue: Catalogue, gazetteer: Gazetteer) -> list[str]:
    """The aspects of `figure` that disagree with the annotation."""
    wrong = []
    name = indicator_name(figure, catalogue)
    synonym = catalogue.code_for(gold.indicator) == figure.indicator  # the catalogue's aliases
    if canonical_name(name) != canonical_name(gold.indicator) and not synonym:
        wrong.append("indicator")
    if _place_key(figure.entity.name_zh, gazetteer) != _place_key(gold.place, gazetteer):
        wrong.append("place")
    if period_of(figure) != gold.period:
        wrong.append("period")
    if figure.qualifier != gold.qualifier:
        wrong.append("qualifier")
    return wrong


def score_case(case: Case, result: Extraction, catalogue: Catalogue, gazetteer: Gazetteer) -> Score:
    score = Score(name=case.name, annotated=len(case.gold), reported=len(result.figures))
    used: set[int] = set()
    for gold in case.gold:
        candidates = [
            (i, f)
            for i, f in enumerate(result.figures)
            if i not in used and f.start < gold.end and gold.start < f.end
        ]
        match = next(((i, f) for i, f in candidates if _same_value(gold, f)), None)
        if match is None:
            score.mismatches.append(
                Mismatch(gold, candidates[0][1] if candidates else None, ("found",))
            )
            continue
        used.add(match[0])
        score.found += 1
        score.matched.append((gold, match[1]))
        wrong = judge(gold, match[1], catalogue, gazetteer)
        for aspect in ASPECTS:
            score.right[aspect] += aspect not in wrong
        score.all_four += not wrong
        score.meaning += not {"indicator", "place", "period"} & set(wrong)
        if wrong:
            score.mismatches.append(Mismatch(gold, match[1], tuple(wrong)))
    score.extra = [f for i, f in enumerate(result.figures) if i not in used]
    return score


def evaluate(
    cases: Iterable[Case], catalogue: Catalogue, gazetteer: Gazetteer
) -> tuple[list[Score], Score]:
    scores = [
        score_case(case, extract(case.document, catalogue, gazetteer), catalogue, gazetteer)
        for case in cases
    ]
    total = Score(name="total")
    for score in scores:
        total.add(score)
    return scores, total
