"""Values of Chinese, Arabic and mixed numerals: 一千五百, 1.5万, 5万4千6百, 二十几万, 十四.

`normalize` maps full-width and traditional forms to one canonical character each, keeping the
length, so offsets found in the normalized text index the original text too.
"""

from __future__ import annotations

import re
from decimal import Decimal

_NORMALIZE = str.maketrans(
    "０１２３４５６７８９．％／－＋：ｋＫｍＭｅＥ萬億點負兩倆俩個幾對雙貳參陸兆佰仟〇",
    "0123456789.%/-+:kKmMeE万亿点负两两两个几对双贰叁陆兆百千零",
)

DIGITS = {
    "零": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8, "兆": 10**12}
# Placeholders that stand for an unknown digit: 二十几万, 十余万, 一千多万.
VAGUE = {"几", "余", "多"}

CN_DIGIT_CHARS = "".join(DIGITS)
CN_UNIT_CHARS = "".join(SMALL_UNITS) + "".join(BIG_UNITS)
ARABIC = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_TOKEN = re.compile(
    rf"(?P<arabic>{ARABIC.pattern})|(?P<cn>[{CN_DIGIT_CHARS}])|(?P<unit>[{CN_UNIT_CHARS}])"
    rf"|(?P<vague>[几余多])|(?P<half>半)|(?P<space>\s+)"
)


_FULLWIDTH_GROUPING = re.compile(r"(?<=[０-９])，(?=[０-９]{3})")
_DOT_AS_POINT = re.compile(r"(?<=[0-9０-９])[·・．](?=[0-9０-９])")  # 1·8%: a decimal point


def normalize(text: str) -> str:
    """Same-length canonical form: full-width digits to ASCII, traditional to simplified.

    A full-width comma is a thousands separator only between full-width digits (４，５６５);
    elsewhere it separates clauses (20，300 are two numbers). A middle dot between digits
    (1·8%) is a decimal point typed with the wrong key.
    """
    return _DOT_AS_POINT.sub(".", _FULLWIDTH_GROUPING.sub(",", text)).translate(_NORMALIZE)


class NumeralError(ValueError):
    """The string is not a numeral this module can read."""


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise NumeralError(f"not a numeral: {text!r}")
        kind = match.lastgroup or ""
        if kind != "space":
            out.append((kind, match.group()))
        pos = match.end()
    return out


def parse_integer_part(text: str) -> Decimal:
    """Read a numeral without a decimal point; big units may follow decimals (4.78万亿)."""
    tokens = _tokens(normalize(text))
    leading_ten = tokens[:1] == [("unit", "十")] or tokens[:1] == [("unit", "拾")]
    if not leading_ten and not any(kind in ("arabic", "cn", "half") for kind, _ in tokens):
        raise NumeralError(f"no digits in {text!r}")
    result = Decimal(0)
    largest_big = 0
    section = Decimal(0)
    number: Decimal | None = None
    number_is_cn_digit = False
    last_small = 0
    last_big = 0
    zero_seen = False
    previous = ""
    for kind, value in tokens:
        if kind == "arabic":
            number = Decimal(value.replace(",", ""))
            number_is_cn_digit = False
        elif kind == "cn":
            digit = DIGITS[value]
            if previous == "cn" and number is not None and digit != 0:
                number = number * 10 + digit  # positional run: 一九九一, 五五(折)
            elif digit == 0:
                zero_seen = True
                number = number * 10 if previous == "cn" and number is not None else None
            else:
                number = Decimal(digit)
            number_is_cn_digit = True
        elif kind == "half":
            number = Decimal("0.5")
            number_is_cn_digit = False
        elif kind == "vague":
            if number is None:
                number = Decimal(0)
        elif value in SMALL_UNITS:
            unit = SMALL_UNITS[value]
            section += (number if number is not None else Decimal(1)) * unit
            number, last_small, last_big, zero_seen = None, unit, 0, False
        else:
            unit = BIG_UNITS[value]
            segment = section + (number or 0)
            if segment == 0 and previous == "unit" and last_big:
                result *= unit  # 万亿, 万万
            elif segment == 0 and not result:
                raise NumeralError(f"a unit without digits: {text!r}")
            elif unit > largest_big:
                result = (result + segment) * unit
            else:
                result += segment * unit
            largest_big = max(largest_big, unit)
            section, number, last_small, last_big, zero_seen = Decimal(0), None, 0, unit, False
        previous = kind if kind != "half" else "cn"
    if number is not None:
        # A lone digit after a unit abbreviates the next place: 一万三 = 13000, 两千四百五 = 2450.
        if number_is_cn_digit and not zero_seen and previous == "cn" and number < 10:
            if last_small >= 10:
                number *= last_small // 10
            elif last_big:
                number *= last_big // 10
        section += number
    return result + section


def _fraction_digits(text: str) -> str:
    digits = []
    for char in normalize(text):
        if char.isspace():
            continue
        if char.isdigit():
            digits.append(char)
        elif char in DIGITS:
            digits.append(str(DIGITS[char]))
        else:
            raise NumeralError(f"not decimal digits: {text!r}")
    return "".join(digits)


def parse_number(text: str) -> Decimal:
    """The value of a whole numeral: sign, integer part, 点 decimals, trailing big units."""
    raw = normalize(text).strip()
    sign = Decimal(1)
    while raw[:1] in ("-", "负"):
        sign = -sign
        raw = raw[1:].lstrip()
    if "点" in raw:
        whole, _, rest = raw.partition("点")
        # decimals run until the first big unit: 两千万点五五四四, 三点一(折)
        match = re.match(rf"([\s{CN_DIGIT_CHARS}\d]+)(.*)$", rest)
        if not match:
            raise NumeralError(f"no decimals after 点 in {text!r}")
        decimals, tail = match.groups()
        value = parse_integer_part(whole.strip() or "零") + Decimal(
            "0." + _fraction_digits(decimals)
        )
        for char in tail.strip():
            if char not in BIG_UNITS:
                raise NumeralError(f"unexpected {char!r} in {text!r}")
            value *= BIG_UNITS[char]
        return sign * value
    return sign * parse_integer_part(raw)


def significant_step(text: str) -> Decimal:
    """The place value of a numeral's last written digit: 22万 -> 1万, 560亿 -> 10亿, 6.5 -> 0.1."""
    raw = normalize(text).strip()
    scale = Decimal(1)
    while raw and raw[-1] in BIG_UNITS:
        scale *= BIG_UNITS[raw[-1]]
        raw = raw[:-1]
    raw = raw.strip()
    while raw and raw[-1] in VAGUE:
        raw = raw[:-1]
    if raw and raw[-1] in SMALL_UNITS:
        return scale * SMALL_UNITS[raw[-1]]
    if re.fullmatch(r"[\d,]*\.\d+", raw):
        return scale * Decimal(1).scaleb(-len(raw.split(".")[1]))
    return scale
