"""What a qualifier says about a figure's true value: 逾3亿元 has a floor and no ceiling."""

from decimal import Decimal

from app.extraction import qualifiers

DEFAULT_BOUNDS = {"more_than": "floor", "less_than": "ceiling", "approx": "none"}


def bounds(
    value: Decimal, qualifier: str, qualifier_text: str | None, step: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """The low and high bounds a reader may rely on; None where the text sets none.

    exact: the value itself. Otherwise as the qualifier table (`qualifiers.yaml`) says of the
    word: a floor (逾, 以上), a ceiling (不到, 近), a step (22万余 lies in [22万, 23万)), or
    nothing (约, 左右).
    """
    if qualifier == "exact":
        return value, value
    entry = qualifiers.word(qualifier_text)
    kind = entry.bounds if entry else DEFAULT_BOUNDS.get(qualifier, "none")
    if kind == "floor":
        return value, None
    if kind == "ceiling":
        return None, value
    if kind == "step":
        return value, value + step
    return None, None
