"""The parser's totals on the annotated corpus stay at or above the floors in corpus/floors.yaml."""

from pathlib import Path

import pytest
import yaml

from app.evaluation import evaluate, load_corpus
from app.services import reference

pytestmark = pytest.mark.slow

CORPUS = Path(__file__).resolve().parent.parent.parent / "corpus"
FLOORS: dict[str, dict[str, float]] = yaml.safe_load((CORPUS / "floors.yaml").read_text())


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_the_corpus_totals_stay_above_their_floors(part: str) -> None:
    cases = load_corpus(CORPUS / part)
    _, total = evaluate(cases, reference.catalogue(), reference.gazetteer())
    floor = FLOORS[part]
    measured = {
        "recall": total.recall,
        "precision": total.precision,
        "meaning": total.meaning_rate,
    }
    below = {k: round(v, 3) for k, v in measured.items() if v < floor[k]}
    assert not below, f"{part}: {below} fell below {floor}"
