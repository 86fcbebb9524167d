"""Figures in tables: rows of cells separated by `|`, the unit in the column header.

Statistical bulletins put most of their figures in tables (HTML tables reach the parser as such
rows). A cell's indicator is named by its row label and column header (粮食作物 × 播种面积(亩) →
粮食作物播种面积, mu); a growth column (同比增长%) is the growth of the column before it; a row
labelled with a town (城关镇) or 全县 gives the figure's place instead of its indicator.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation

from app.extraction.naming import expand, head_of
from app.extraction.quantities import find_quantities

_ROW = re.compile(r"^[^|\n]*\|[^\n]*$", re.M)
_NUMBER = re.compile(r"^[-−+]?\d+(?:\.\d+)?$")
_UNIT_IN_HEADER = re.compile(r"[（(﹙]\s*([^）)﹚]{1,8})\s*[）)﹚]|(%)\s*$")
_TABLE_UNIT = re.compile(r"单位\s*[:：]\s*([^\s|]{1,12})")
_GROWTH = re.compile(r"(增长|增减|增速|增幅|比上年|同比|±)")
_SHARE = re.compile(r"(比重|占比|构成|结构)")
_GENERIC = re.compile(
    r"^(?:\d{4}年)?(数量|绝对数|绝对额|绝对量|绝对值|数值|总量|指标值|本期|本年|累计|合计|本月|全年"
    r"|实绩|完成|完成数|完成值|实际完成|总计|年末数|期末数|年末|期末|\d{4}年?)$"
)
_UNIT_COLUMN = re.compile(r"^(计量)?单位$")
_PLACE_ROW = re.compile(
    r"^(全县|全市|全区|全旗|[\u4e00-\u9fff]{1,6}(镇|乡|街道|街办|开发区|园区))$"
)
_VERB_FIRST = ("出栏", "存栏", "收购", "播种")


@dataclass(frozen=True)
class Cell:
    """One figure of a table, before the parser gives it a place and a period."""

    start: int
    end: int
    surface: str
    value: Decimal
    unit: str
    counter: str | None
    name: str
    row_label: str
    row_start: int
    row_end: int
    is_place_row: bool
    year: int | None = None  # a column headed by a year (2024年 | 2023年)


@dataclass(frozen=True)
class _Column:
    name: str
    unit_text: str | None
    growth: bool
    share: bool
    unit_column: bool
    year: int | None = None


_YEAR_CELL = re.compile(r"^(\d{4})\s*年?$")


def table_rows(text: str) -> list[tuple[int, int]]:
    """The spans of every line that is a table row."""
    return [m.span() for m in _ROW.finditer(text)]


def _cells(line: str) -> list[tuple[int, str]]:
    """(offset, stripped text) of each cell; a trailing empty cell after the last | is dropped."""
    out = []
    offset = 0
    for raw in line.split("|"):
        stripped = raw.strip()
        out.append((offset + (len(raw) - len(raw.lstrip())), stripped))
        offset += len(raw) + 1
    while out and not out[-1][1]:
        out.pop()
    if out and not out[0][1] and line.lstrip().startswith("|"):
        out.pop(0)
    return out


def _is_data(cells: list[tuple[int, str]]) -> bool:
    return any(_NUMBER.match(c.replace(",", "")) for _, c in cells[1:])


def _column(header: str, measure_unit: str | None) -> _Column:
    header = re.sub(r"\s+", "", header)
    unit_text = None
    if m := _UNIT_IN_HEADER.search(header):
        unit_text = m.group(1) or m.group(2)
        header = header[: m.start()] + header[m.end() :]
    header = header.strip("：:")
    growth = bool(_GROWTH.search(header))
    share = bool(_SHARE.search(header)) and not growth
    if unit_text is None:
        if growth or share:
            unit_text = "%"
        else:
            unit_text = measure_unit
    return _Column(
        name=header,
        unit_text=unit_text,
        growth=growth,
        share=share,
        unit_column=bool(_UNIT_COLUMN.match(header)),
    )


def _scale(unit_text: str | None) -> tuple[str, Decimal, str | None] | None:
    """万元 → (CNY, 10000, None); 万头 → (count, 10000, 头); % → (percent, 1, None)."""
    if not unit_text:
        return None
    unit_text = unit_text.replace("％", "%")
    found = [q for q in find_quantities("1" + unit_text) if q.role == "measure" and q.unit]
    if not found:
        return None
    q = found[0]
    return q.unit or "count", q.value, q.counter


def _measure_in_cell(raw: str) -> tuple[str, str] | None:
    """162817吨 → ("162817", "吨"): a cell that writes its unit after the number."""
    cell = raw.replace(",", "").strip()
    match = re.fullmatch(r"([-−]?\d+(?:\.\d+)?)\s*([^\d\s|]{1,4})", cell)
    if match is None or _scale(match.group(2)) is None:
        return None
    return match.group(1), match.group(2)


def _label(text: str) -> str:
    label = re.sub(r"^(其中|内)\s*[:：]?", "", re.sub(r"\s+", "", text)).strip("：:")
    label = label.lstrip("#＃*")  # #稻谷: a part of the row above
    label = re.sub(r"[（(][^）)]*[）)]", "", label)
    label = re.sub(r"(?<=[\u4e00-\u9fff])、(?=[\u4e00-\u9fff]业?$|[\u4e00-\u9fff]、)", "", label)
    for verb in _VERB_FIRST:
        if label.startswith(verb) and len(label) > len(verb):
            label = label[len(verb) :] + verb  # 出栏肉猪 → 肉猪出栏
    return re.sub(r"\[\d+\]$", "", label)


def _name(label: str, column: _Column, measure: str, place_row: bool, caption: str) -> str:
    base = measure if (column.growth or column.share) else column.name
    base = re.sub(r"\[\d+\]", "", base)
    if base.endswith("数") and head_of(base[:-1]):
        base = base[:-1]  # 人口数 → 人口
    if place_row and len(base) <= 2:
        base = _from_caption(base, caption)
    if place_row or not base or _GENERIC.match(base) or _UNIT_COLUMN.match(base):
        name = base if place_row and base and not _GENERIC.match(base) else label
    elif head_of(label) and head_of(label) == head_of(base):
        name = label
    else:
        name = label + base
    if column.growth:
        name += "增速"
    elif column.share:
        name += "比重"
    return expand(name)


def _columns(header_rows: list[list[str]], measure_unit: str | None) -> list[_Column]:
    """One column per data cell; a second header row of years (增长% over 2024年 | 2023年)
    spreads each name above over the years below it."""
    if not header_rows:
        return []
    if len(header_rows) >= 2:
        top, bottom = header_rows[0], [c for c in header_rows[-1] if c]
        names = [c for c in top[1:] if c]
        years = [_YEAR_CELL.match(re.sub(r"\s+", "", c)) for c in bottom]
        if names and all(years) and len(bottom) % len(names) == 0:
            width = len(bottom) // len(names)
            columns = [_column(top[0], measure_unit)]
            for i, year in enumerate(years):
                column = _column(names[i // width], measure_unit)
                columns.append(replace(column, year=int(year.group(1)) if year else None))
            return columns
    joined = [c for _, c in _cells("|".join("|".join(row) for row in header_rows))]
    return [_column(h, measure_unit) for h in joined]


def _from_caption(base: str, caption: str) -> str:
    """人口 → 常住人口 when the table's title says so (表2-1 全县常住人口的地区分布)."""
    for line in reversed(caption.splitlines()):
        fuller: list[str] = [
            w for w in re.findall(rf"[\u4e00-\u9fff]{{2}}{base}", line) if w[0] not in "全我本各"
        ]
        if fuller:
            return fuller[-1]
    return base


def table_cells(text: str) -> list[Cell]:
    """Every numeric cell of every table in `text`."""
    out: list[Cell] = []
    rows = table_rows(text)
    i = 0
    while i < len(rows):
        block = [rows[i]]
        while i + 1 < len(rows) and not text[block[-1][1] : rows[i + 1][0]].strip():
            block.append(rows[i + 1])
            i += 1
        i += 1
        out.extend(_block_cells(text, block))
    return out


def _block_cells(text: str, block: list[tuple[int, int]]) -> list[Cell]:
    header_lines: list[str] = []
    data: list[tuple[int, int]] = []
    for start, end in block:
        cells = _cells(text[start:end])
        if not data and not _is_data(cells):
            header_lines.append(text[start:end])
        else:
            data.append((start, end))
    if not data:
        return []
    before = text[max(0, block[0][0] - 200) : block[0][0]]
    caption = "\n".join([line for line in before.splitlines() if line.strip()][-3:])
    table_unit = m.group(1) if (m := _TABLE_UNIT.search(caption)) else None
    units = re.split(r"[、,，]", table_unit) if table_unit else []
    measure_unit = next((u for u in units if u not in ("%", "％")), None)
    header_rows = [[c for _, c in _cells(line)] for line in header_lines]
    header_rows = [row for row in header_rows if sum(1 for c in row if c) > 1]
    columns = _columns(header_rows, measure_unit)
    widths = [len(_cells(text[start:end])) for start, end in data]
    if columns and widths and min(widths) == len(columns) + 1:
        # | 2023年 | 增长(%) | over 粮食 | 162817吨 | 0.5 |: the header has no label cell
        columns = [_column("", measure_unit), *columns]
    # a GDP table: its rows are industries' value added
    industry = re.search("生产总值|GDP|增加值", caption + "".join(header_lines)) is not None
    out: list[Cell] = []
    for start, end in data:
        cells = _cells(text[start:end])
        if len(cells) < 2:
            continue
        label = _label(cells[0][1])
        own_unit = _UNIT_IN_HEADER.search(re.sub(r"\s+", "", cells[0][1]))  # 粮食(吨)
        if industry and re.search("业$|产业", label) and "增加值" not in label:
            label += "增加值"
        place_row = bool(_PLACE_ROW.match(label))
        row_unit: str | None = None
        measure = ""
        for index, (offset, raw) in enumerate(cells[1:], 1):
            column = (
                columns[index] if index < len(columns) else _Column("", None, False, False, False)
            )
            if column.unit_column:
                row_unit = raw
                continue
            number = raw.replace(",", "").replace("−", "-")
            written = None if _NUMBER.match(number) else _measure_in_cell(raw)
            if written is None and not _NUMBER.match(number):
                continue
            row_unit = row_unit or (own_unit.group(1) if own_unit else None)
            unit_text = column.unit_text if column.unit_text else row_unit
            if not (column.growth or column.share) and row_unit:
                unit_text = row_unit
            if written is not None:  # 162817吨: the unit is in the cell
                number, unit_text = written
            scale = _scale(unit_text)
            if scale is None:
                continue
            unit, factor, counter = scale
            try:
                value = Decimal(number) * factor
            except InvalidOperation:
                continue
            if not (column.growth or column.share):
                measure = column.name if not _GENERIC.match(column.name or "数量") else ""
                if not measure and unit in ("t", "kg") and "产量" in caption:
                    measure = "产量"  # 主要农产品产量: 粮食(吨) | 376207 is 粮食产量
                    column = replace(column, name=measure)
            name = _name(label, column, measure, place_row, caption)
            cell_start = start + offset
            out.append(
                Cell(
                    start=cell_start,
                    end=cell_start + len(raw),
                    surface=raw,
                    value=value,
                    unit=unit,
                    counter=counter,
                    name=name,
                    row_label=label,
                    row_start=start,
                    row_end=end,
                    is_place_row=place_row,
                    year=column.year,
                )
            )
    return out
