"""Find every number in a text with its unit, qualifier and exact span.

`find_quantities(text)` is a pure function. It returns every numeral it can read, each with a
`role`: `measure` (an amount, count, percentage...), `date` (2020年, 5月18日), `ordinal` (第三),
or `label` (1号窑炉, 十八大, 0313). Deciding which measures are figures is the caller's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import Literal

from app.datafiles import package_file, plain
from app.extraction import qualifiers
from app.extraction.numerals import (
    ARABIC,
    BIG_UNITS,
    CN_DIGIT_CHARS,
    DIGITS,
    SMALL_UNITS,
    NumeralError,
    normalize,
    parse_number,
    significant_step,
)

Role = Literal["measure", "date", "ordinal", "label"]

MORE_THAN = "more_than"
LESS_THAN = "less_than"
APPROX = "approx"

# Characters that are numerals but also common words on their own (陆地, 入伍, 收拾, 放肆).
AMBIGUOUS_ALONE = set("陆伍拾肆陸")
RANGE_DASHES = "—–-~～至到"
ALLOWED_LETTER_UNITS = re.compile(
    r"(?:kWh|kW|MW|GW|cm|CM|mm|km|KM|kg|KG|mg|m2|m²|m³|m|g|t)(?![A-Za-z])"
)
FRACTION_DENOMINATORS = {
    "百万万": Decimal(10) ** 10,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "万万": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(1000),
    "百": Decimal(100),
}


@dataclass(frozen=True)
class Quantity:
    """A number as found: `value` is in the canonical `unit` (亿元 -> CNY, 85% -> 85)."""

    value: Decimal
    unit: str | None
    start: int
    end: int
    surface: str
    qualifier: str | None = None
    qualifier_text: str | None = None
    role: Role = "measure"
    counter: str | None = None
    numeral: str = ""
    step: Decimal = Decimal(1)
    scale_only: bool = False
    flags: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class _UnitSpec:
    unit: str
    factor: Decimal
    counter: bool


@dataclass(frozen=True)
class _Tables:
    units: dict[str, _UnitSpec]
    unit_pattern: re.Pattern[str]
    date_suffixes: tuple[str, ...]
    label_suffixes: tuple[str, ...]
    lexicon: tuple[str, ...]
    date_prefixes: tuple[str, ...]
    context_units: dict[str, str]


def _spaced(word: str) -> str:
    return r"\s*".join(re.escape(char) for char in word)


@cache
def tables() -> _Tables:
    raw = plain(package_file("units.yaml"))
    units = {
        normalize(key): _UnitSpec(
            spec["unit"], Decimal(str(spec["factor"])), spec.get("counter", False)
        )
        for key, spec in raw["units"].items()
    }
    ordered = sorted(units, key=len, reverse=True)
    return _Tables(
        units=units,
        unit_pattern=re.compile("|".join(f"(?P<u{i}>{_spaced(k)})" for i, k in enumerate(ordered))),
        date_suffixes=tuple(raw["date_suffixes"]),
        label_suffixes=tuple(sorted(raw["label_suffixes"], key=len, reverse=True)),
        lexicon=tuple(raw["lexicon"]),
        date_prefixes=tuple(raw["date_prefixes"]),
        context_units=raw["context_units"],
    )


def _unit_at(norm: str, pos: int) -> tuple[str, _UnitSpec, int] | None:
    """The longest unit written at `pos` (spaces allowed inside: 六 个 百 分点)."""
    t = tables()
    match = t.unit_pattern.match(norm, pos)
    if not match:
        return None
    written = re.sub(r"\s+", "", match.group())
    return written, t.units[written], match.end()


# --- the numeral scanner ---------------------------------------------------------------------

_CN = set(CN_DIGIT_CHARS)
_UNITS = set(SMALL_UNITS) | set(BIG_UNITS)
_POWER = re.compile(r"\^([+-]*)(\d+)")
_EXPONENT = re.compile(r"[eE]([+-]?\d+)(?![\w])")
_ROUGH_SCALE = re.compile(r"(?<=[上数几近成])([百千万亿]{1,2})(?![\d一二三四五六七八九十百千万亿])")
_SUFFIX_SCALE = re.compile(r" ?([kKM])(?![A-Za-z])")


def _skip_spaces(norm: str, pos: int) -> int:
    while pos < len(norm) and norm[pos].isspace() and norm[pos] not in "\r\n":
        pos += 1
    return pos


def _scan(norm: str, start: int) -> tuple[int, list[str]] | None:
    """Consume one numeral starting at `start`; return its end and token kinds."""
    pos = start
    kinds: list[str] = []
    n = len(norm)
    last_small = 10**5
    while pos < n:
        prev = kinds[-1] if kinds else ""
        nxt = _skip_spaces(norm, pos) if prev in ("D", "U", "P", "V", "H", "A") else pos
        spaced = nxt != pos
        if nxt >= n:
            break
        char = norm[nxt]
        if char.isdigit() and prev in ("", "U", "Z"):
            if spaced and prev == "U":
                match = ARABIC.match(norm, nxt)
                if not match or _skip_spaces(norm, match.end()) >= n:
                    break
                if norm[_skip_spaces(norm, match.end())] not in _UNITS:
                    break
            match = ARABIC.match(norm, nxt)
            if match is None:
                break
            pos = match.end()
            kinds.append("A")
            continue
        if (
            char == "."
            and prev == ""
            and norm[nxt - 1 : nxt] != "."
            and nxt + 1 < n
            and norm[nxt + 1].isdigit()
        ):
            match = ARABIC.match(norm, nxt)
            assert match is not None
            pos = match.end()
            kinds.append("A")
            continue
        if char in _CN:
            if char == "两" and prev in ("D", "U", "Z"):
                following = _skip_spaces(norm, nxt + 1)
                if following >= n or norm[following] not in _UNITS or prev == "D":
                    break  # 二两, 三十两: 两 is the unit of weight
            if prev == "A" or (spaced and prev not in ("D", "U", "P", "V", "Z")):
                break
            pos = nxt + 1
            kinds.append("Z" if char == "零" else "D")
            continue
        if char in _UNITS:
            if spaced and prev == "A" and char not in "万亿千百":
                break
            if char in SMALL_UNITS:
                if prev == "U" and SMALL_UNITS[char] >= last_small:
                    break  # 五十千 is 五十 and a stray 千
                last_small = SMALL_UNITS[char]
            else:
                last_small = 10**5
            unit_word = _unit_at(norm, nxt)
            if unit_word and len(unit_word[0]) > 1:
                break  # 千米, 千克, 兆字节: the character starts a unit
            pos = nxt + 1
            kinds.append("U")
            continue
        if char == "半" and prev == "" and nxt + 1 < n and norm[nxt + 1] in "百":
            pos = nxt + 1
            kinds.append("H")
            continue
        if char in "几余多" and prev in ("A", "D", "U", "Z"):
            after = _skip_spaces(norm, nxt + 1)
            if after < n and norm[after] in _UNITS:
                pos = nxt + 1
                kinds.append("V")
                continue
            break
        if char == "点" and prev in ("D", "U", "Z") and "P" not in kinds:
            after = _skip_spaces(norm, nxt + 1)
            if after < n and norm[after] in _CN and norm[after] != "两":
                pos = after
                kinds.append("P")
                continue
            break
        break
    leading_ten = norm[start] in "十拾"
    if not (leading_ten or any(kind in ("A", "D", "Z", "H") for kind in kinds)):
        return None
    # trailing spaces are not part of the numeral
    while pos > start and norm[pos - 1].isspace():
        pos -= 1
    return pos, kinds


def _is_range_of_digits(numeral: str) -> bool:
    """二三十, 三四百: two adjacent digits before a unit mean 'twenty or thirty'."""
    compact = re.sub(r"\s+", "", numeral)
    for i in range(len(compact) - 2):
        a, b, c = compact[i], compact[i + 1], compact[i + 2]
        if a in DIGITS and b in DIGITS and c in _UNITS and 0 < DIGITS[a] < DIGITS[b]:
            return True
    return False


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.norm = normalize(text)
        self.masked = self._masks()
        self.results: list[Quantity] = []

    def _masks(self) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        patterns = [
            r"https?://\S+|www\.\S+|//[\w.-]+\.\w+/\S*",  # links
            r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)",  # clock times
            r"(?<![\d.])\d+(?:\.\d+){2,}(?![\d.])",  # handled as dotted sequences
            r"[\w.+-]+@[\w-]+\.[\w.]+",
            r"(?<!\d)1[3-9]\d{9}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)",  # phone numbers
        ]
        for pattern in patterns:
            spans.extend(m.span() for m in re.finditer(pattern, self.norm))
        for word in tables().lexicon:
            spans.extend(m.span() for m in re.finditer(re.escape(word), self.norm))
        return sorted(spans)

    def _masked_at(self, pos: int) -> int | None:
        for start, end in self.masked:
            if start <= pos < end:
                return end
        return None

    def run(self) -> list[Quantity]:
        norm = self.norm
        pos = 0
        while pos < len(norm):
            masked_end = self._masked_at(pos)
            if masked_end is not None:
                dotted = re.match(r"\d+(?:\.\d+){2,}", norm[pos:masked_end])
                if dotted and dotted.end() == masked_end - pos:
                    for part in re.finditer(r"\d+", norm[pos:masked_end]):
                        self._emit_plain(pos + part.start(), pos + part.end())
                pos = masked_end
                continue
            end = self._percent_fraction(pos)
            if end is None:
                end = self._number(pos)
            pos = end if end is not None and end > pos else pos + 1
        return self.results

    # -- numbers ------------------------------------------------------------------------------

    def _emit_plain(self, start: int, end: int) -> None:
        surface = self.text[start:end]
        self.results.append(
            Quantity(Decimal(self.norm[start:end]), None, start, end, surface, numeral=surface)
        )

    def _read(self, start: int) -> tuple[int, Decimal, str] | None:
        """A signed numeral with scientific or power notation at `start`."""
        norm = self.norm
        sign_start = start
        negative = False
        if norm[start] in "-负":
            before = norm[start - 1] if start else " "
            behind = norm[:start].rstrip()[-1:] or " "
            if norm[start] == "-" and (before.isalnum() or before in "-." or behind.isdigit()):
                return None
            negative = True
            start = _skip_spaces(norm, start + 1)
            if start >= len(norm):
                return None
        scanned = _scan(norm, start)
        if scanned is None:
            return None
        end, kinds = scanned
        numeral = norm[start:end]
        if kinds == ["A"] or kinds[-1:] == ["A"]:
            if power := _POWER.match(norm, end):
                signs, exponent = power.groups()
                exp = int(exponent) * (-1 if signs.count("-") % 2 else 1)
                base = Decimal(numeral.replace(",", ""))
                value = Decimal(float(base) ** exp) if exp < 0 else base**exp
                return (
                    power.end(),
                    -value if negative else value,
                    self.text[sign_start : power.end()],
                )
            if kinds == ["A"] and (exp_match := _EXPONENT.match(norm, end)):
                value = Decimal(numeral.replace(",", "")).scaleb(int(exp_match.group(1)))
                end = exp_match.end()
                return end, -value if negative else value, self.text[sign_start:end]
            if kinds == ["A"] and (scale := _SUFFIX_SCALE.match(norm, end)):
                factor = {"k": 1000, "K": 1000, "M": 1_000_000}[scale.group(1)]
                value = Decimal(numeral.replace(",", "")) * factor
                end = scale.end()
                return end, -value if negative else value, self.text[sign_start:end]
        if "P" in kinds:
            # 点 decimals may be followed by big units: 两千万点五五四四, 四百亿点零五零
            tail = end
            while tail < len(norm) and norm[tail] in BIG_UNITS:
                tail += 1
            end = tail
            numeral = norm[start:end]
        try:
            value = parse_number(numeral)
        except NumeralError:
            return None
        return end, -value if negative else value, self.text[sign_start:end]

    def _percent_fraction(self, pos: int) -> int | None:
        """百分之五, 千分之二, 万分之三: percentages and per-mille without a leading number."""
        norm = self.norm
        if pos and (norm[pos - 1] in _CN or norm[pos - 1].isdigit() or norm[pos - 1] in _UNITS):
            return None
        for word, denominator in FRACTION_DENOMINATORS.items():
            match = re.compile(_spaced(word) + r"\s*分\s*之\s*").match(norm, pos)
            if not match:
                continue
            read = self._read(match.end())
            if read is None and norm.startswith("百", match.end()):
                read = (match.end() + 1, Decimal(100), "百")  # 百分之百
            if read is None:
                return match.end()
            end, value, _ = read
            surface = self.text[pos:end]
            if re.search(
                r"[一二三四五六七八九]\s*[十百]", surface[match.end() - pos :]
            ) and _is_range_of_digits(norm[match.end() : end]):
                return end
            percent = value * 100 / denominator
            quantity = Quantity(
                percent, "percent", pos, end, surface, numeral=norm[match.end() : end]
            )
            self._finish(quantity, end)
            return end
        return None

    def _number(self, pos: int) -> int | None:
        norm = self.norm
        char = norm[pos]
        if rough := _ROUGH_SCALE.match(norm, pos):
            # 上千人, 数万元, 近百家: a bare scale after 上/数/几/近 is a rough amount
            value = Decimal(1)
            for char in rough.group(1):
                value *= BIG_UNITS.get(char) or SMALL_UNITS[char]
            word = norm[pos - 1]
            quantity = Quantity(
                value,
                None,
                pos,
                rough.end(),
                self.text[pos : rough.end()],
                numeral=rough.group(1),
                step=value,
                qualifier=MORE_THAN if word == "上" else APPROX,
                qualifier_text=word,
            )
            self._finish(quantity, rough.end())
            return rough.end()
        if special := re.compile(r"(?<=打)对折|半\s*[成折]").match(norm, pos):
            value = Decimal(50) if norm[special.end() - 1] == "折" else Decimal(5)
            surface = self.text[pos : special.end()]
            self.results.append(
                Quantity(value, "percent", pos, special.end(), surface, numeral=surface)
            )
            return special.end()
        if not (char.isdigit() or char in _CN or char in _UNITS or char in "-负.半"):
            return None
        if pos and (norm[pos - 1].isdigit() or norm[pos - 1] in _CN or norm[pos - 1] in _UNITS):
            return None  # inside a numeral that was rejected
        read = self._read(pos)
        if read is None:
            return None
        end, value, surface = read
        numeral = norm[pos:end]
        digits_start = pos + (len(numeral) - len(numeral.lstrip("-负 ")))
        compact = re.sub(r"\s+", "", numeral.lstrip("-负 "))
        if all(c in _UNITS for c in compact) and compact[0] not in "十拾":
            # 千亿集群, 百亿台阶: a scale used as an adjective, not a number
            self.results.append(
                Quantity(
                    value, None, pos, end, surface, role="label", numeral=numeral, scale_only=True
                )
            )
            return end
        if len(compact) == 1 and self.text[digits_start] in AMBIGUOUS_ALONE:
            nxt = _skip_spaces(norm, end)
            if not (nxt < len(norm) and norm[nxt] in "点成折"):
                return end
        if _is_range_of_digits(numeral):
            return end
        # letters glued to Arabic digits make codes, not numbers (A2021..., 3D, 5G, B12)
        if compact[:1].isdigit():
            before = norm[pos - 1] if pos else " "
            if before.isascii() and before.isalpha():
                return end
            if end < len(norm) and norm[end].isascii() and norm[end].isalpha():
                if not ALLOWED_LETTER_UNITS.match(norm, end):
                    return end
        # A分之B fractions and A又B分之C mixed numbers
        fraction = self._fraction_after(end, value)
        if fraction is not None:
            end, value = fraction
            surface = self.text[pos:end]
            quantity = Quantity(value, None, pos, end, surface, numeral=norm[pos:end])
            self._finish(quantity, end)
            return end
        step = significant_step(numeral.lstrip("-负 "))
        vague = any(c in "几余多" for c in compact)
        quantity = Quantity(
            value,
            None,
            pos,
            end,
            surface,
            numeral=numeral,
            step=step,
            qualifier=APPROX if vague else None,
            qualifier_text=next((c for c in compact if c in "几余多"), None),
        )
        if compact[0] == "0" and len(compact) > 1 and compact[1].isdigit():
            self.results.append(replace(quantity, role="label"))  # "0313": a name, not a number
            return end
        self._finish(quantity, end)
        return max(end, self.results[-1].end if self.results else end)

    def _fraction_after(self, end: int, whole: Decimal) -> tuple[int, Decimal] | None:
        norm = self.norm
        slash = re.compile(r"\s*/\s*").match(norm, end)
        if slash and norm[end - 1].isdigit():
            after = self._read(slash.end())
            if after and after[1] != 0 and not re.match(r"\s*/", norm[after[0] :]):
                return after[0], whole / after[1]
        # 1 ３/5 and ４ ６／３: a whole number, a space, then a fraction
        mixed = re.compile(r" +(\d+)\s*/\s*(\d+)").match(norm, end)
        if mixed and norm[end - 1].isdigit() and int(mixed.group(2)):
            return mixed.end(), whole + Decimal(mixed.group(1)) / Decimal(mixed.group(2))
        of = re.compile(r"\s*分\s*之\s*").match(norm, end)
        if of:
            after = self._read(of.end())
            if after and whole != 0:
                return after[0], after[1] / whole
            return None
        also = re.compile(r"\s*又\s*").match(norm, end)
        if also:
            inner = self._read(also.end())
            if inner:
                nested = self._fraction_after(inner[0], inner[1])
                if nested and nested[1] < 1:
                    sign = -1 if whole < 0 else 1
                    return nested[0], whole + sign * nested[1]
        return None

    # -- what follows and precedes a number ---------------------------------------------------

    def _finish(self, quantity: Quantity, end: int) -> None:
        norm = self.norm
        t = tables()
        start = quantity.start
        value = quantity.value
        unit: str | None = quantity.unit
        counter: str | None = None
        role: Role = quantity.role
        qualifier, qualifier_text = quantity.qualifier, quantity.qualifier_text
        flags: list[str] = []
        pos = _skip_spaces(norm, end)

        # 余/多 between the number and its unit: 6亿多元, 22万余人, 500多件
        if pos < len(norm) and norm[pos] in "余多" and unit is None:
            after = _skip_spaces(norm, pos + 1)
            if _unit_at(norm, after) or after >= len(norm) or not norm[after].isalnum():
                qualifier, qualifier_text = APPROX, norm[pos]
                end = pos + 1
                pos = after

        # 九成, 七成六, 三成半, 75折, 三点一折
        if unit is None and pos < len(norm) and norm[pos] in "成折":
            tenths = norm[pos] == "成"
            numeral = re.sub(r"\s+", "", quantity.numeral)
            if not (numeral in ("十",) and norm[pos] == "折") and value > 0:
                if tenths:
                    value = value * 10
                elif value < 10:
                    value = value * 10
                end = pos + 1
                unit = "percent"
                follow = _skip_spaces(norm, end)
                if tenths and follow < len(norm) and norm[follow] == "半":
                    value += 5
                    end = follow + 1
                elif tenths and follow < len(norm) and norm[follow] in CN_DIGIT_CHARS:
                    if follow + 1 >= len(norm) or norm[follow + 1] not in _UNITS:
                        value += DIGITS[norm[follow]]
                        end = follow + 1
                pos = end

        date_prefix = any(norm.endswith(p, 0, start) for p in t.date_prefixes)
        if unit is None:
            label = next((s for s in t.label_suffixes if norm.startswith(s, pos)), None)
            spec = _unit_at(norm, pos)
            date_suffix = next((s for s in t.date_suffixes if norm.startswith(s, pos)), None)
            if date_prefix:
                role = "date"
            elif date_suffix and self._is_date(quantity, date_suffix, pos):
                role = "date"
                end = pos + 1
            elif label and (spec is None or len(label) >= len(spec[0])):
                role = "label"
            elif norm.startswith("号", pos):
                role = "label"
            elif spec is not None:
                written, unit_spec, unit_end = spec
                unit = unit_spec.unit
                value = value * unit_spec.factor
                counter = written if unit_spec.counter else None
                end = unit_end
                # 一吨半, 两米半, 十五斤半
                if end < len(norm) and norm[end] == "半":
                    value += Decimal("0.5") * unit_spec.factor
                    end += 1
                # 五元三毛
                if unit == "CNY" and (
                    jiao := re.match(rf"([{CN_DIGIT_CHARS}\d])\s*[角毛]", norm[end:])
                ):
                    value += Decimal(parse_number(jiao.group(1))) / 10
                    end += jiao.end()
            else:
                context = next((k for k in t.context_units if norm.startswith(k, pos)), None)
                if context:
                    unit = t.context_units[context]
                    flags.append("unit_from_context")

        # currency signs before the number
        if start and norm[start - 1] in "¥￥$":
            unit = unit or ("USD" if norm[start - 1] == "$" else "CNY")
            start -= 1
        if start and norm.endswith("第", 0, start) and role == "measure":
            start -= 1
            if unit is None:  # 第三: an ordinal; 第十四强 keeps its unit
                role = "ordinal"
                unit = "rank"
            elif (
                counter in ("位", "名") or unit == "person"
            ):  # 第58位, 第三名: a place in a ranking
                unit, counter = "rank", None
            elif counter is not None:  # 第5轮, 第十二次党代会: which one, not how many
                role = "ordinal"

        # qualifiers before (近, 超, 逾...) and after (以上, 左右...)
        before = re.sub(r"(有|达|为|达到|共)$", "", norm[max(0, start - 5) : start].rstrip())
        for word, entry in qualifiers.table().found_by_scan("before"):
            if before.endswith(word) and not (word == "近" and before.endswith("最近")):
                qualifier, qualifier_text = entry.qualifier, word
                break
        after_pos = _skip_spaces(norm, end)
        following = qualifiers.table().found_by_scan("after")
        following += qualifiers.table().found_by_scan("between")  # 3000余 with no unit
        for word, entry in following:
            if norm.startswith(word, after_pos):
                if entry.position == "between" and qualifier_text in ("余", "多"):
                    break
                if entry.position == "between" and unit is not None:
                    continue  # 多 after a unit starts the next word (多个, 多元)
                qualifier, qualifier_text = entry.qualifier, word
                break

        self.results.append(
            replace(
                quantity,
                value=value,
                unit=unit,
                start=start,
                end=end,
                surface=self.text[start:end],
                qualifier=qualifier,
                qualifier_text=qualifier_text,
                role=role,
                counter=counter,
                flags=tuple(flags),
            )
        )

    def _is_date(self, quantity: Quantity, suffix: str, pos: int) -> bool:
        numeral = re.sub(r"\s+", "", quantity.numeral)
        norm = self.norm
        value = quantity.value
        if suffix == "年":
            if norm.startswith("年级", pos):
                return False
            four_digits = re.fullmatch(r"\d{4}", numeral) is not None
            positional = re.fullmatch(rf"[{CN_DIGIT_CHARS}]{{4}}", numeral) is not None
            return (four_digits or positional) and not norm.startswith("年来", pos)
        if value != value.to_integral_value():
            return False
        if suffix == "月":
            return 1 <= value <= 12
        # 日 and 号 are days of a month when a month precedes or the value fits one
        month_before = bool(re.search(r"月\s*$", norm[max(0, quantity.start - 2) : quantity.start]))
        return 1 <= value <= 31 and (month_before or suffix == "日")


def _propagate_ranges(text: str, found: list[Quantity]) -> list[Quantity]:
    """1—2月 and 16—19#: the first number of a range takes the second one's role and unit."""
    norm = normalize(text)
    out = list(found)
    for i in range(len(out) - 1):
        first, second = out[i], out[i + 1]
        between = norm[first.end : second.start].strip()
        if (
            first.unit is None
            and first.role == "measure"
            and len(between) == 1
            and between in RANGE_DASHES
        ):
            second_numeral_end = second.start + len(second.numeral)
            if second.role == "date" or second.role == "label":
                out[i] = replace(first, role=second.role)
            elif second.unit is not None and second.end > second_numeral_end - 1:
                factor = Decimal(1)
                out[i] = replace(
                    first, unit=second.unit, value=first.value * factor, counter=second.counter
                )
    return out


def find_quantities(text: str) -> list[Quantity]:
    """Every numeral in `text` with its value, unit, qualifier, role and exact span."""
    scanner = _Scanner(text)
    found = sorted(scanner.run(), key=lambda q: q.start)
    return _propagate_ranges(text, found)
