"""How figures read to people: '1200亿元', '120 billion yuan', and a citation in each language."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

from app.extraction import qualifiers

MU_IN_M2 = Decimal(10000) / Decimal(15)  # 1 亩 = 666.67 m²

ZH_UNITS = {
    "CNY": "元",
    "USD": "美元",
    "EUR": "欧元",
    "HKD": "港元",
    "JPY": "日元",
    "m2": "平方米",
    "mu": "亩",
    "km": "公里",
    "m": "米",
    "kg": "公斤",
    "t": "吨",
    "percent": "%",
    "percentage_point": "个百分点",
    "celsius": "℃",
    "kWh": "千瓦时",
    "kW": "千瓦",
    "m3": "立方米",
    "person": "人",
    "year": "年",
    "month": "个月",
    "day": "天",
}
EN_UNITS = {
    "CNY": "yuan",
    "USD": "US dollars",
    "EUR": "euros",
    "HKD": "Hong Kong dollars",
    "JPY": "yen",
    "m2": "m²",
    "mu": "mu",
    "km": "km",
    "m": "m",
    "kg": "kg",
    "t": "tonnes",
    "percent": "%",
    "percentage_point": "percentage points",
    "celsius": "°C",
    "kWh": "kWh",
    "kW": "kW",
    "m3": "m³",
    "person": "people",
    "year": "years",
    "month": "months",
    "day": "days",
}
EN_KINDS = {"target": "target", "expected": "expected", "cumulative": "cumulative"}
ZH_KINDS = {"target": "目标", "expected": "预计", "cumulative": "累计"}


def _plain(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _zh_number(value: Decimal, unit: str) -> str:
    if unit in ("CNY", "USD", "EUR", "HKD", "JPY", "m2", "person", "mu") and abs(value) >= 10**8:
        return f"{_plain(value / 10**8)}亿"
    if unit in ("CNY", "USD", "EUR", "HKD", "JPY", "m2", "person", "mu") and abs(value) >= 10**4:
        return f"{_plain(value / 10**4)}万"
    return _plain(value)


def display_zh(value: Decimal, unit: str, counter: str | None, qualifier_text: str | None) -> str:
    number = _zh_number(value, unit)
    if unit == "rank":
        body = f"第{number}"
    elif unit == "ratio":
        body = f"{number}:1"
    elif unit == "count":
        body = f"{number}{{infix}}{counter or '个'}"
    else:
        body = f"{number}{{infix}}{ZH_UNITS.get(unit, unit)}"
    entry = qualifiers.word(qualifier_text)
    position = entry.position if entry else "after"
    word = qualifier_text or ""
    prefix = word if position == "before" else ""
    infix = word if position == "between" else ""
    suffix = word if position == "after" else ""
    return prefix + body.replace("{infix}", infix) + suffix


def _en_number(value: Decimal) -> str:
    magnitude = abs(value)
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if magnitude >= size:
            return f"{_plain(value / size)} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def display_en(value: Decimal, unit: str, counter: str | None, qualifier_text: str | None) -> str:
    number = _en_number(value)
    if unit == "rank":
        body = f"No. {number}"
    elif unit == "percent":
        body = f"{number}%"
    elif unit == "celsius":
        body = f"{number}°C"
    elif unit == "ratio":
        body = f"{number}:1"
    elif unit == "count":
        body = f"{number} ({counter})" if counter else number
    else:
        body = f"{number} {EN_UNITS.get(unit, unit)}"
    entry = qualifiers.word(qualifier_text)
    return f"{entry.en} {body}" if entry else body


def area_m2(value: Decimal, unit: str) -> Decimal | None:
    return (value * MU_IN_M2).quantize(Decimal("0.01")) if unit == "mu" else None


def article_link(
    url: str | None, quote_text: str, surface: str, offset_in_quote: int
) -> str | None:
    """A URL text fragment that scrolls the original article to the figure."""
    if not url:
        return None
    prefix = quote_text[max(0, offset_in_quote - 8) : offset_in_quote].strip()
    fragment = quote(surface.strip(), safe="")
    if prefix:
        fragment = f"{quote(prefix, safe='')}-,{fragment}"
    return f"{url.split('#')[0]}#:~:text={fragment}"


def cite(
    *,
    entity_zh: str,
    entity_en: str | None,
    indicator_zh: str,
    indicator_en: str,
    period_label: str | None,
    period_start: object,
    kind: str,
    zh: str,
    en: str,
    title: str,
    publisher: str | None,
    published: object,
    url: str | None,
    stored_copy: str,
) -> tuple[str, str]:
    when = published or "日期不详"
    kind_zh = f"（{ZH_KINDS[kind]}）" if kind in ZH_KINDS else ""
    where = url or stored_copy
    zh_cite = (
        f"{entity_zh}{period_label or ''}{indicator_zh}{zh}{kind_zh}"
        f"（来源：{publisher + '，' if publisher else ''}《{title}》，{when}，{where}）"
    )
    period_en = f", {period_start}" if period_start and not period_label else ""
    if period_label:
        period_en = f", {period_label}"
    kind_en = f" ({EN_KINDS[kind]})" if kind in EN_KINDS else ""
    en_cite = (
        f"{entity_en or entity_zh}, {indicator_en.lower()}{period_en}: {en}{kind_en}. "
        f"Source: {publisher + ', ' if publisher else ''}“{title}”, "
        f"{published or 'undated'}, {where}"
    )
    return zh_cite, en_cite
