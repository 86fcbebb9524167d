from decimal import Decimal

import pytest

from app.extraction.numerals import NumeralError, normalize, parse_number, significant_step


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("1536", 1536),
        ("1,536", 1536),
        ("0.5", Decimal("0.5")),
        ("一千五百", 1500),
        ("十四", 14),
        ("两", 2),
        ("1.5万", 15000),
        ("22万", 220000),
        ("一万三", 13000),
        ("两千四百五", 2450),
        ("一千零五", 1005),
        ("五亿零六", 500000006),
        ("四万万", 400000000),
        ("4.78万亿", 4780000000000),
        ("5万4千6百", 54600),
        ("3万4000", 34000),
        ("一百零十万", 1100000),
        ("壹佰伍拾", 150),
        ("负三十二", -32),
        ("二〇二二", 2022),
        ("十点五", Decimal("10.5")),
        ("两千万点五", Decimal("20000000.5")),
        ("十余万", 100000),
        ("二十几万", 200000),
    ],
)
def test_values(numeral: str, value: int | Decimal) -> None:
    assert parse_number(numeral) == value


def test_units_without_digits_are_not_numbers() -> None:
    with pytest.raises(NumeralError):
        parse_number("万")


def test_normalize_keeps_length_and_maps_full_width_and_traditional_forms() -> None:
    text = "１２．５萬億，兩"
    assert len(normalize(text)) == len(text)
    assert normalize(text) == "12.5万亿，两"


@pytest.mark.parametrize(
    ("numeral", "step"),
    [("22万", 10000), ("560", 1), ("560亿", 100000000), ("6.5", Decimal("0.1")), ("五百", 100)],
)
def test_significant_step_is_the_place_of_the_last_digit(numeral: str, step: int | Decimal) -> None:
    assert significant_step(numeral) == step
