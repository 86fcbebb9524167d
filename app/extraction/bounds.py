"""What a qualifier says about a figure's true value: 逾3亿元 has a floor and no ceiling."""

from decimal import Decimal

AT_LEAST_WORDS = {"余", "多", "几"}
AT_MOST_WORDS = {"近", "将近", "接近"}


def bounds(
    value: Decimal, qualifier: str, qualifier_text: str | None, step: Decimal
) -> tuple[Decimal | None, Decimal | None]:
    """The low and high bounds a reader may rely on; None where the text sets none.

    exact: the value itself. more_than (超, 逾, 以上): a floor only. less_than (不到, 以下): a
    ceiling only. 余/多 mean "a bit more than": at least the value, below the next step of its
    last digit (22万余 lies in [22万, 23万)). 近 means "nearly": at most the value. 约/左右 set
    no bound.
    """
    if qualifier == "exact":
        return value, value
    if qualifier == "more_than":
        return value, None
    if qualifier == "less_than":
        return None, value
    if qualifier_text in AT_LEAST_WORDS:
        return value, value + step
    if qualifier_text in AT_MOST_WORDS:
        return None, value
    return None, None
