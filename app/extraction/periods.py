"""Periods a figure refers to: explicit dates, relative words and spans of years."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from app.datafiles import package_file, plain
from app.extraction.quantities import Quantity


@dataclass(frozen=True)
class Period:
    label: str | None
    start: date | None
    end: date | None

    @property
    def year(self) -> int | None:
        return self.start.year if self.start else None


@dataclass(frozen=True)
class Mention:
    """A period written in a sentence, at [start, end).

    `closing` marks the end of a month or year (9月末, 年底): a stock is counted on that day, a
    flow from the start of the year to it. `reference` marks the base of a comparison (比上年,
    较上年同期), which is not the figure's own period.
    """

    start: int
    end: int
    period: Period
    closing: bool = False
    reference: bool = False


_REFERENCE_BEFORE = re.compile(r"(比|较|与|同|相比|对比|低于|高于|超过|快于|慢于|由)\s*$")
_REFERENCE_AFTER = re.compile(r"^\s*(同期|同比|相比|末?增长|末?下降|末?提高|末?增加|末?减少)")


def mark_references(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions that are the base of a comparison rather than the figure's own period."""
    return [
        replace(
            m,
            reference=bool(
                _REFERENCE_BEFORE.search(text[max(0, m.start - 2) : m.start])
                or _REFERENCE_AFTER.match(text[m.end : m.end + 4])
            ),
        )
        for m in mentions
    ]


def last_full_year(published: date) -> int:
    """The year a review looks back on: the current one in December, else the one before."""
    return published.year if published.month == 12 else published.year - 1


def closing_period(mention: Mention, flow: bool) -> Period:
    """9月末: a stock on 30 September; a flow from 1 January to 30 September."""
    period = mention.period
    if not mention.closing or period.end is None:
        return period
    if flow:
        return Period(period.label, date(period.end.year, 1, 1), period.end)
    return Period(period.label, period.end, period.end)


@cache
def grammar() -> dict[str, Any]:
    return plain(package_file("grammar.yaml"))


def _year_span(year: int, label: str) -> Period:
    return Period(label, date(year, 1, 1), date(year, 12, 31))


def _month_span(year: int, first: int, last: int, label: str) -> Period:
    return Period(label, date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1]))


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@cache
def _ahead() -> re.Pattern[str]:
    """预计到6月底, 力争6月底前: the words of a target or an expectation (grammar.yaml's kinds)
    put the date that follows them ahead of the report."""
    kinds = grammar()["kinds"]
    return re.compile(f"(?:{'|'.join([*kinds['target'], *kinds['expected'], '到', '至'])})\\s*$")


def date_mentions(text: str, dates: list[Quantity], published: date | None) -> list[Mention]:
    """Merge date parts (2020年 5月 18日, 1—2月) into mentions with resolved dates."""
    mentions: list[Mention] = []
    i = 0
    while i < len(dates):
        group = [dates[i]]
        while i + 1 < len(dates) and re.fullmatch(
            r"\s*[—–\-~～至到]?\s*", text[group[-1].end : dates[i + 1].start]
        ):
            group.append(dates[i + 1])
            i += 1
        i += 1
        mentions.extend(_resolve_group(text, group, published))
    return mentions


def _resolve_group(text: str, group: list[Quantity], published: date | None) -> list[Mention]:
    start, end = group[0].start, group[-1].end
    label = text[start:end].strip()
    years: list[int] = []
    months: list[int] = []
    days: list[int] = []
    for part in group:
        suffix = text[part.end - 1 : part.end]
        value = int(part.value) if part.value == part.value.to_integral_value() else None
        if value is None:
            continue
        if suffix == "年" or value >= 1000:
            years.append(value)
        elif suffix == "日" or suffix == "号":
            days.append(value)
        else:  # 月, or the first month of a range (1—2月)
            months.append(value)
    if days and not months and not years:
        return [Mention(start, end, Period(label, None, None))]  # 5日, 一日游: no month to place it
    first_month = re.search(r"元月?\s*[—–\-~～至到]\s*$", text[max(0, start - 4) : start])
    if first_month and months and not years:  # 元至九月: January to September
        months.insert(0, 1)
        start -= len(first_month.group())
        label = text[start:end].strip()
    closing_word = re.match(r"\s*[末底]", text[end : end + 2])
    closing = closing_word is not None
    if closing_word is not None:
        end += closing_word.end()
        label = text[start:end].strip()
    if not years:
        relative = re.search(r"(今年|明年|去年|前年)\s*$", text[max(0, start - 3) : start])
        if published is None:
            return [Mention(start, end, Period(label, None, None))]
        offsets = {"今年": 0, "明年": 1, "去年": -1, "前年": -2}
        years = [published.year + (offsets[relative.group(1)] if relative else 0)]
        ahead = _ahead().search(text[max(0, start - 6) : start])
        if not relative and not ahead and months and max(months) > published.month:
            years = [published.year - 1]  # 1-12月 in a January report: the year before
        if relative:  # 明年6月
            start -= len(relative.group(1))
            label = text[start:end].strip()
    year = years[-1]
    try:
        if days and months:
            first = date(year, months[0], days[0])
            return [Mention(start, end, Period(label, first, date(year, months[-1], days[-1])))]
        if months:
            period = _month_span(year, min(months), max(months), label)
            return [Mention(start, end, period, closing=closing)]
        if len(years) > 1:  # 2019年至2021年
            return [Mention(start, end, Period(label, date(years[0], 1, 1), date(year, 12, 31)))]
        return [Mention(start, end, _year_span(year, label), closing=closing)]
    except ValueError:
        return [Mention(start, end, Period(label, None, None))]


def relative_mentions(
    text: str, published: date | None, anchor_year: int | None = None
) -> list[Mention]:
    """Relative period words, resolved against the publication date; words of the report's
    own year (年末, 上半年) against `anchor_year`, the year the report is about, when known."""
    mentions: list[Mention] = []
    table: dict[str, dict[str, Any]] = grammar()["relative_periods"]
    for word in sorted(table, key=len, reverse=True):
        for match in re.finditer(re.escape(word), text):
            if any(m.start <= match.start() < m.end for m in mentions):
                continue
            spec = table[word]
            # 2023年底, 2023年上半年: the year written before the word, not the publication's
            written = re.search(
                r"(\d{4})\s*年?\s*$", text[: match.start() + (1 if word[0] == "年" else 0)]
            )
            if written and word[0] == "年":
                written = re.search(r"(\d{4})\s*$", text[: match.start()])
            start = written.start() if written else match.start()
            period = _relative_period(
                spec, word, written, text[start : match.end()], published, anchor_year
            )
            closing = bool(spec.get("closing", False))
            mentions.append(Mention(start, match.end(), period, closing=closing))
    return mentions


def _relative_period(
    spec: dict[str, Any],
    word: str,
    written: re.Match[str] | None,
    label: str,
    published: date | None,
    anchor_year: int | None = None,
) -> Period:
    if "years" in spec:
        first, last = spec["years"]
        return Period(word, date(first, 1, 1), date(last, 12, 31))
    if written:
        year = int(written.group(1))
    elif anchor_year is not None and spec.get("offset", 0) == 0 and word not in ("今年", "本年"):
        year = anchor_year
        label = word
    elif published is not None:
        year = published.year + int(spec.get("offset", 0))
        label = word
    else:
        return Period(word, None, None)
    if "last_years" in spec and published is not None:
        last = last_full_year(published)
        return Period(word, date(last - spec["last_years"] + 1, 1, 1), date(last, 12, 31))
    if "months" in spec:
        return _month_span(year, spec["months"][0], spec["months"][1], label)
    if spec.get("span") == "day":
        return Period(word, published, published)
    if spec.get("span") == "to_date" and published is not None and published.year == year:
        return Period(word, date(year, 1, 1), published)
    return _year_span(year, label)


def span_mention(text: str, quantity: Quantity, published: date | None) -> Mention | None:
    """十年来 (the ten years up to publication) and 五年内 (the five years from it)."""
    if quantity.unit != "year" or quantity.value != quantity.value.to_integral_value():
        return None
    after = text[quantity.end : quantity.end + 1]
    if after not in ("来", "内"):
        return None
    label = text[quantity.start : quantity.end + 1]
    years = int(quantity.value)
    if published is None:
        return Mention(quantity.start, quantity.end + 1, Period(label, None, None))
    if after == "来":
        last = last_full_year(published)
        period = Period(label, date(last - years + 1, 1, 1), date(last, 12, 31))
    else:
        period = Period(label, published, _shift_years(published, years))
    return Mention(quantity.start, quantity.end + 1, period)


def as_of(published: date | None) -> Period:
    """The default period of a figure that names none: the day the report was published."""
    return Period(None, published, published)


def is_integral(value: Decimal) -> bool:
    return value == value.to_integral_value()
