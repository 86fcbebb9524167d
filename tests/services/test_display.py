"""How figures read: every qualifier word in both languages, from the parser's own output."""

from decimal import Decimal

import pytest

from app.extraction import qualifiers
from app.extraction.bounds import bounds
from app.extraction.quantities import find_quantities
from app.models.vocab import Unit
from app.services.display import display_en, display_zh


def read(text: str) -> tuple[str, str, tuple[Decimal | None, Decimal | None]]:
    """What a reader is shown for the one figure in `text`, as the API builds it."""
    (found,) = [q for q in find_quantities(text) if q.role == "measure"]
    zh = display_zh(found.value, found.unit or "count", found.counter, found.qualifier_text)
    en = display_en(found.value, found.unit or "count", found.counter, found.qualifier_text)
    low_high = bounds(found.value, found.qualifier or "exact", found.qualifier_text, found.step)
    return zh, en, low_high


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("全年投资突破300亿元。", "突破300亿元", "more than 30 billion yuan"),
        ("单个项目投资低于5亿元。", "低于5亿元", "less than 500 million yuan"),
        ("全市有大概120家企业。", "大概120家", "about 120 (家)"),
        ("投资不超过8亿元。", "不超过8亿元", "at most 800 million yuan"),
        ("志愿者22万余人。", "22万余人", "over 220,000 people"),
        ("总投资50亿元以上。", "50亿元以上", "at least 5 billion yuan"),
    ],
)
def test_qualified_figures_read_right_in_both_languages(text: str, zh: str, en: str) -> None:
    shown_zh, shown_en, _ = read(text)
    assert (shown_zh, shown_en) == (zh, en)


SAMPLES = {
    "before": "全县{word}300亿元。",
    "between": "全县300{word}亿元。",
    "after": "全县300亿元{word}。",
}


@pytest.mark.parametrize(
    ("word", "entry"),
    [(w, e) for w, e in qualifiers.table().words.items() if e.scan],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_every_qualifier_word_is_found_and_shown_in_both_languages(
    word: str, entry: qualifiers.Word
) -> None:
    zh, en, (low, high) = read(SAMPLES[entry.position].format(word=word))
    assert word in zh and zh.replace(word, "") == "300亿元"
    assert en == f"{entry.en} 30 billion yuan"
    value = Decimal(30_000_000_000)
    expected = {
        "floor": (value, None),
        "ceiling": (None, value),
        "step": (value, Decimal(30_100_000_000)),  # 300余亿: below 301亿
        "none": (None, None),
    }[entry.bounds]
    assert (low, high) == expected


@pytest.mark.parametrize("unit", [u for u in Unit if u not in (Unit.COUNT, Unit.RANK, Unit.RATIO)])
def test_every_unit_reads_in_both_languages(unit: Unit) -> None:
    zh = display_zh(Decimal(3), unit.value, None, None)
    en = display_en(Decimal(3), unit.value, None, None)
    assert zh.startswith("3") and zh != "3" and unit.value not in zh.removeprefix("3")
    assert en.startswith("3") and en != "3"
