"""Our parser's place, period and naming components against well-kept libraries, on the corpus.

Each comparison swaps one component and scores both on the same annotated figures:

- places: the report's county by our gazetteer (mentions, publisher, site) or by `cpca`'s
  address extraction (`transform_text_with_addrs`, the most frequent county found);
- periods: the period of each found figure by our rules or by `jionlp`'s time parser (the time
  expression nearest before the figure in its sentence, resolved against the publication date;
  ours where its sentence has none);
- names: the subject of each figure's clause by our rules or by `jieba`'s part-of-speech
  segmentation (the run of nouns and verbal nouns before the figure), with the same suffixes.

Run with `make compare` (installs the `compare` dependency group). Prints one table.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from app import evaluation
from app.evaluation import Case, Score, evaluate, load_corpus
from app.extraction import naming
from app.extraction.figures import Figure, extract
from app.services import reference


def _place_accuracy(cases: list[Case], find: Callable[[Case], str | None]) -> float:
    gazetteer = reference.gazetteer()
    right = 0
    for case in cases:
        expected = case.place
        found = find(case)
        right += found is not None and gazetteer.code_of(found) == gazetteer.code_of(expected)
    return right / len(cases)


def _ours_place(case: Case) -> str | None:
    result = extract(case.document, reference.catalogue(), reference.gazetteer())
    return result.main.name_zh


def _cpca_place(case: Case) -> str | None:
    import cpca

    frame = cpca.transform_text_with_addrs(case.document.text, pos_sensitive=False)
    areas = [a for a in frame["区"].tolist() if isinstance(a, str) and a]
    cities = [c for c in frame["市"].tolist() if isinstance(c, str) and c]
    if areas:
        return str(Counter(areas).most_common(1)[0][0])
    return str(Counter(cities).most_common(1)[0][0]) if cities else None


def _jionlp_period(case: Case, figure: Figure) -> tuple[date, date] | None:
    """The time expression jionlp finds nearest before the figure in its sentence."""
    import jionlp as jio

    base = case.document.published or date.today()
    found = jio.ner.extract_time(
        figure.quote, time_base={"year": base.year, "month": base.month, "day": base.day}
    )
    before = [t for t in found if t["offset"][1] <= figure.start - figure.quote_start]
    times = before[-1]["detail"].get("time") if before else None
    if not isinstance(times, list) or len(times) != 2 or "inf" in "".join(map(str, times)):
        return None
    first, last = (datetime.strptime(t, "%Y-%m-%d %H:%M:%S").date() for t in times)
    return first, last


def _period_accuracy(scores: list[tuple[Case, Score]], use_jionlp: bool) -> float:
    """Of the found figures, the share whose period is right. With jionlp, its reading of the
    figure's sentence replaces ours wherever it finds an expression; elsewhere our
    inheritance (paragraph, report) stands, as an adopter would keep it."""
    right = total = 0
    for case, score in scores:
        for gold, figure in score.matched:
            ours = evaluation.period_of(figure)
            period = (_jionlp_period(case, figure) or ours) if use_jionlp else ours
            right += period == gold.period
            total += 1
    return right / total if total else 0.0


def _jieba_subject(clause: str, places: tuple[str, ...] = ()) -> str:
    import jieba.posseg as pseg

    words = list(pseg.cut(clause))
    kept: list[str] = []
    for word in reversed(words):
        if word.flag[:1] in ("n", "v", "a", "j", "l") and word.flag not in ("ns", "nr", "nt"):
            kept.append(word.word)
        elif kept:
            break
    return naming.expand("".join(reversed(kept)))


def _indicator_accuracy(cases: list[Case], use_jieba: bool) -> float:
    original = naming._subject
    if use_jieba:
        naming._subject = _jieba_subject
    try:
        _, total = evaluate(cases, reference.catalogue(), reference.gazetteer())
    finally:
        naming._subject = original
    return total.share(total.right["indicator"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, default=[Path("corpus/dev")])
    args = parser.parse_args()
    cases = [case for directory in args.corpus for case in load_corpus(directory)]
    catalogue, gazetteer = reference.catalogue(), reference.gazetteer()
    scores = [
        (
            case,
            evaluation.score_case(
                case, extract(case.document, catalogue, gazetteer), catalogue, gazetteer
            ),
        )
        for case in cases
    ]
    rows = [
        (
            "report's place",
            _place_accuracy(cases, _ours_place),
            "cpca",
            _place_accuracy(cases, _cpca_place),
        ),
        (
            "period of found figures",
            _period_accuracy(scores, False),
            "jionlp",
            _period_accuracy(scores, True),
        ),
        (
            "indicator of found figures",
            _indicator_accuracy(cases, False),
            "jieba",
            _indicator_accuracy(cases, True),
        ),
    ]
    print(f"{len(cases)} reports, {sum(len(c.gold) for c in cases)} annotated figures")
    print(f"{'component':28} {'ours':>6} {'library':>8} {'theirs':>7}")
    for what, ours, library, theirs in rows:
        print(f"{what:28} {ours:6.2f} {library:>8} {theirs:7.2f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
