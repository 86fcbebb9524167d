"""From a loaded report to figures: which numbers measure something, what, of whom, and when."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from functools import cache

from pypinyin import lazy_pinyin

from app.extraction.catalogue import FIGURE, UNCLASSIFIED, Catalogue, Gazetteer, Place, derived_code
from app.extraction.loader import Document
from app.extraction.naming import (
    Memory,
    Naming,
    head_of,
    is_flow,
    is_static,
    is_stock,
    name_figure,
    remember,
    vocabulary,
)
from app.extraction.periods import (
    Mention,
    Period,
    as_of,
    closing_period,
    date_mentions,
    grammar,
    last_full_year,
    mark_references,
    relative_mentions,
    span_mention,
)
from app.extraction.places import report_place
from app.extraction.quantities import Quantity, find_quantities
from app.extraction.tables import Cell, table_cells, table_rows

EXTRACTION_METHOD = "rules"
EXTRACTION_VERSION = "2.0.0"  # names, tables, periods and places for unseen reports

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_CLAUSE_BREAK = re.compile(r"[，,、：:]")
_CLAUSE_END = re.compile(r"[，,；;：:。]")
_COUNTY_WIDE = re.compile(r"[全我本][县市区旗州盟]|[县市区]域|全年")  # the place, not a project
_COMPANY_ENDING = re.compile(r"(?:股份|有限责任|有限)公司|经济(?:技术)?开发区")
_NAME_PART = re.compile(r"[（(](?:[东西南北中][片区部]|[一二三四五]期|[A-Z]区)[）)]")
# 5栋鸡舍地基工程, 12月31日前项目: a count or a date inside is no name
_COUNTED_INSIDE = re.compile(r"\d+\s*[栋个家座条项](?!\d)|\d+\s*月\s*\d*\s*日?")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两百千万]+(?:\.\d+)?\s*[个家座处户所]")
_QUOTES = {"“": "”", "‘": "’", "《": "》", "「": "」", '"': '"'}
_MONEY_WORDS = re.compile(
    r"税收|投资|投入|产值|总值|增加值|零售额|资金|收入|利税|营收|金额|销售额|总额|效益|基金"
)
_RANK_CONTEXT = re.compile(r"(排名|位居|位列|名列|跻身)[^，,。]{0,8}$")
# 200MW分散式风力发电项目, 蒙牛乳业(曲靖)年产33万吨饮料及乳制品生产项目
_CJK_RUN = re.compile(r"[\u4e00-\u9fff“”‘’0-9A-Za-z.()（）]+$")
_LABEL = re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")  # （一）: a list label, not a name
_COUNTABLE = {"count", "person", "rank"}
_DURATIONS = {"year", "month", "day"}


@dataclass(frozen=True)
class EntityRef:
    slug: str
    kind: str
    name_zh: str
    name_en: str | None = None
    admin_code: str | None = None
    parent_slug: str | None = None


@dataclass(frozen=True)
class Figure:
    value: Decimal
    unit: str
    surface: str
    start: int
    end: int
    quote: str
    quote_start: int
    quote_end: int
    qualifier: str
    qualifier_text: str | None
    indicator: str
    entity: EntityRef
    period: Period
    kind: str
    counter: str | None
    step: Decimal
    flags: tuple[str, ...] = ()
    indicator_name: str | None = None  # the yearbook name of an indicator not in the catalogue
    broader: str | None = None  # the catalogue indicator a derived one narrows (一期计划总投资)


@dataclass
class Extraction:
    document: Document
    main: EntityRef
    figures: list[Figure] = field(default_factory=list)
    entities: dict[str, EntityRef] = field(default_factory=dict)

    @property
    def unclassified(self) -> list[Figure]:
        return [f for f in self.figures if f.indicator == "unclassified"]


def place_ref(place: Place, gazetteer: Gazetteer) -> EntityRef:
    parent = gazetteer.by_code.get(place.parent_code or "")
    return EntityRef(
        slug=place.slug,
        kind=place.kind,
        name_zh=place.name_zh,
        name_en=place.name_en,
        admin_code=place.code,
        parent_slug=parent.slug if parent else None,
    )


def slugify(name: str) -> str:
    syllables = [s for s in lazy_pinyin(name) if re.fullmatch(r"[a-zA-Z0-9]+", s)]
    return "-".join(syllables).lower()[:100].strip("-") or "entity"


# --- places and other entities -----------------------------------------------------------------


@dataclass(frozen=True)
class _EntityMention:
    start: int
    end: int
    ref: EntityRef | None


@dataclass(frozen=True)
class _Named:
    start: int
    end: int
    ref: EntityRef


def _place_mentions(text: str, gazetteer: Gazetteer) -> list[tuple[int, int, Place]]:
    """Full names everywhere (南安市); short names (南安) only of places named in full.

    A county-level place renamed since the division table was made (宜州市 → 宜州区, 县 → 区)
    is found by its short name with the other suffix."""
    found: list[tuple[int, int, Place]] = []
    for place in gazetteer.places:
        names = {place.name_zh, *place.aliases}
        if place.kind == "county" and place.short_name != place.name_zh:
            names |= {place.short_name + suffix for suffix in ("县", "市", "区")}
            names = {n for n in names if gazetteer.code_of(n) in (None, place.code)}
        written = [n for n in names if (len(n) >= 3 or n.endswith("县")) and n in text]
        if not written:
            continue
        for name in {*written, place.short_name}:
            for match in re.finditer(re.escape(name), text):
                found.append((match.start(), match.end(), place))
    found.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    out: list[tuple[int, int, Place]] = []
    for item in found:
        if out and item[0] < out[-1][1]:
            continue
        out.append(item)
    return out


@dataclass(frozen=True)
class _Context:
    """grammar.yaml's `context`: the words around a figure that say whose and what it is."""

    county_self: re.Pattern[str]
    county_clause: re.Pattern[str]
    compared: re.Pattern[str]
    dateline: re.Pattern[str]
    size_class: re.Pattern[str]
    whole_year: re.Pattern[str]
    phase: re.Pattern[str]
    ranked_class: re.Pattern[str]


@cache
def _context() -> _Context:
    return _Context(**{k: re.compile(v) for k, v in grammar()["context"].items()})


def _compared_with(text: str, at: int) -> bool:
    """位居郧阳区、丹江口市之后: a place the report's own place is compared with."""
    return _context().compared.search(text, max(0, at - 20), at) is not None


def _inside(place: Place | None, wider: Place) -> bool:
    """孙吴县 (231124) lies inside 黑河市 (231100)."""
    digits = {"prefecture": 4, "province": 2}.get(wider.kind)
    return place is not None and digits is not None and place.code.startswith(wider.code[:digits])


def _main_place(mentions: list[tuple[int, int, Place]], title_end: int) -> Place | None:
    """The place named most (a mention in the headline counts twice); on a tie the smaller one.

    A prefecture-level city's report names its districts now and then, a county's report names
    its prefecture now and then: the count, not the level, decides.
    """
    counts = Counter(place.code for _, _, place in mentions)
    counts.update(place.code for start, _, place in mentions if start < title_end)
    by_code = {place.code: place for _, _, place in mentions}
    rank = {"county": 0, "prefecture": 1, "province": 2}
    if not counts:
        return None
    return min(by_code.values(), key=lambda p: (-counts[p.code], rank.get(p.kind, 3)))


def _named_entities(
    sentence: str, offset: int, gazetteer: Gazetteer, parent: EntityRef, places: set[str]
) -> list[_Named]:
    patterns = gazetteer.patterns
    found: list[_EntityMention] = []
    for kind, endings in patterns.endings.items():
        for ending in endings:
            stop = patterns.not_followed_by[kind]
            for match in re.finditer(re.escape(ending), sentence):
                if stop is not None and stop.match(sentence, match.end()):
                    continue  # 项目化运作 is a manner, not a project
                run = _CJK_RUN.search(sentence[: match.start()])
                if run is None:
                    continue
                name_start = run.start()
                # 有 of 有限公司 is not a boundary: mask the company endings inside the run
                head = _COMPANY_ENDING.sub(
                    lambda m: "＿" * len(m.group()), sentence[name_start : match.start()]
                )
                cuts = [head.rfind(w) + len(w) for w in patterns.boundaries if w in head]
                name_start += max(cuts, default=0)
                if label := _LABEL.match(sentence, name_start):
                    name_start = label.end()
                while sentence[name_start : name_start + 1] in ("(", "（", ")", "）"):
                    name_start += 1
                core = sentence[name_start : match.start()].strip("“”‘’")
                end = match.end()
                if part := _NAME_PART.match(sentence, end):
                    end = part.end()  # 佛山禅城产业工业园区(东片): the part is in the name
                name = re.sub("[“”‘’]", "", sentence[name_start:end])
                generic = (
                    not patterns.min_core[kind] <= len(core) <= patterns.max_core[kind]
                    or _COUNTED_INSIDE.search(core) is not None
                    or name in patterns.generic[kind]
                    or core in places
                    or any(w in name for w in patterns.generic_words[kind])
                )
                # a generic name still claims its characters, so a shorter name inside it
                # (现代产业园 in 现代产业园区) is not taken for a real one
                ref = (
                    None
                    if generic
                    else EntityRef(
                        slug=slugify(name), kind=kind, name_zh=name, parent_slug=parent.slug
                    )
                )
                found.append(_EntityMention(offset + name_start, offset + end, ref))
    for kind, visit in patterns.visits.items():
        for match in visit.finditer(sentence):
            name = match.group(1)
            if name in places or name in patterns.generic[kind]:
                continue
            ref = EntityRef(slug=slugify(name), kind=kind, name_zh=name, parent_slug=parent.slug)
            found.append(_EntityMention(offset + match.start(1), offset + match.end(1), ref))
    found.sort(key=lambda m: (m.end, -(m.end - m.start)))
    # 打造现代农业科技示范园区26个: a class that is counted, not a park the figures are about
    found = [m for m in found if not _COUNTED.match(sentence, m.end - offset)]
    out: list[_EntityMention] = []
    for mention in found:
        if out and mention.start < out[-1].end:
            if mention.end - mention.start > out[-1].end - out[-1].start:
                out[-1] = mention
            continue
        out.append(mention)
    return [_Named(m.start, m.end, m.ref) for m in out if m.ref is not None]


# --- which numbers are figures -----------------------------------------------------------------


def _short_quote_spans(text: str) -> list[tuple[int, int]]:
    """Spans of short quoted phrases (slogans, names): “三强三城”, “一个目标、四个定位”."""
    spans = []
    for opener, closer in _QUOTES.items():
        for match in re.finditer(
            re.escape(opener) + r"([^" + re.escape(closer) + r"]{1,30})" + re.escape(closer), text
        ):
            if not re.search(r"[。，,！？]", match.group(1)):
                spans.append(match.span())
    return spans


def _is_indefinite(quantity: Quantity) -> bool:
    """一批, 一张张, 一幅: 一 with a classifier is an article, not a count."""
    return quantity.numeral.strip() in ("一", "壹") and quantity.unit in _COUNTABLE


def _money_inferred(text: str, sentence: tuple[int, int], quantity: Quantity) -> bool:
    if quantity.unit is not None or not re.search("[万亿]", quantity.numeral):
        return False
    before = text[max(sentence[0], quantity.start - 12) : quantity.start]
    return bool(_MONEY_WORDS.search(before))


# --- classification ------------------------------------------------------------------------------


def _classify(
    catalogue: Catalogue, sentence: str, figure_start: int, figure_end: int, unit: str
) -> tuple[str, bool]:
    """The catalogue's indicator for a figure, and whether a pattern spanned the figure itself."""
    context = sentence[:figure_start] + FIGURE + sentence[figure_end:]
    at, after_at = figure_start, figure_start + len(FIGURE)
    best: tuple[float, int, int, str] | None = None  # score, order, -length, code
    for order, spec in enumerate(catalogue.indicators):
        if spec.units is not None and unit not in spec.units:
            continue
        for pattern in spec.patterns:
            for match in pattern.finditer(context):
                score = _score(context, match, at, after_at, pattern)
                if score is None:
                    continue
                # ties go to the indicator listed first (the catalogue lists specific ones
                # before general ones), then to the longer match
                candidate = (score, order, -len(match.group()), spec.code)
                if best is None or candidate < best:
                    best = candidate
    return (best[3], best[0] == 0.0) if best else (UNCLASSIFIED, False)


def _score(
    context: str, match: re.Match[str], at: int, after_at: int, pattern: re.Pattern[str]
) -> float | None:
    if FIGURE in pattern.pattern.replace("\\", ""):
        return 0.0 if match.start() <= at and match.end() >= after_at else None
    if match.end() <= at:
        gap = context[match.end() : at]
        distance = len(gap) + 6 * len(_CLAUSE_BREAK.findall(gap))
        return distance + 1 if distance <= 40 else None
    if match.start() >= after_at:
        gap = context[after_at : match.start()]
        if _CLAUSE_BREAK.search(gap) or len(gap) > 12:
            return None
        return len(gap) + 3
    return None


def _kind(sentence: str, figure_start: int, quantity: Quantity, text_after: str) -> str:
    if re.match(r"来", text_after) and quantity.unit == "year":
        return "cumulative"
    best: tuple[int, str] | None = None
    before = sentence[:figure_start]
    for kind, words in grammar()["kinds"].items():
        for word in words:
            for match in re.finditer(word, before):
                distance = figure_start - match.end()
                if best is None or distance < best[0]:
                    best = (distance, kind)
    return best[1] if best else "actual"


def _period(
    text: str,
    mentions: list[Mention],
    sentence: tuple[int, int],
    paragraph_start: int,
    quantity: Quantity,
    published: date | None,
    flow: bool,
) -> Period:
    """The nearest period written before the figure in its sentence, else after it in its
    clause, else the last one earlier in its paragraph (2023年，…。城镇居民…), else none stated
    (the day of publication, unlabelled). The base of a comparison (比上年) is not a period."""
    own = [m for m in mentions if not m.reference]
    inside = [m for m in own if sentence[0] <= m.start < sentence[1] and m.end <= quantity.start]
    clause_end = _CLAUSE_END.search(text, quantity.end, sentence[1])
    after = [
        m
        for m in own
        if quantity.end <= m.start < (clause_end.start() if clause_end else sentence[1])
    ]
    # a period that opens an earlier sentence of the paragraph (2023年，… 上半年，…) governs it;
    # one inside an earlier sentence (十年来累计…) framed only that sentence
    earlier = [
        m
        for m in own
        if paragraph_start <= m.start
        and m.end <= sentence[0]
        and m.start - _sentence_start(text, m.start) < 12
        and re.match(r"(以来|来|末|底|期间)?[，,]", text[m.end : m.end + 4])
    ]
    if inside:
        mention = max(inside, key=lambda m: m.end)
    elif after:
        mention = min(after, key=lambda m: m.start)
    elif earlier:
        mention = max(earlier, key=lambda m: m.end)
    else:
        return as_of(published)
    return closing_period(mention, flow)


def _county_wide(text: str, sentence_start: int, at: int, named: list[_Named]) -> bool:
    """The figure's clause says 全市/全县 and names nothing narrower."""
    breaks = list(_CLAUSE_END.finditer(text, sentence_start, at))
    start = breaks[-1].end() if breaks else sentence_start
    return bool(_context().county_clause.search(text, start, at)) and not any(
        start <= m.start < at for m in named
    )


_WIDER = {"全市": "prefecture", "全州": "prefecture", "全盟": "prefecture", "全省": "province"}


def _wider_place(
    text: str, sentence_start: int, at: int, main: Place | None, gazetteer: Gazetteer
) -> EntityRef | None:
    """(全市11.1%) inside a county's sentence: the figure is the prefecture's (or province's)."""
    match = re.search(r"[（(](全市|全州|全盟|全省)[^）)，,。]{0,6}$", text[sentence_start:at])
    if match is None or main is None:
        return None
    place = gazetteer.by_code.get(main.parent_code or "")
    while place is not None and place.kind != _WIDER[match.group(1)]:
        place = gazetteer.by_code.get(place.parent_code or "")
    return place_ref(place, gazetteer) if place is not None else None


def _headline_end(document: Document) -> int:
    """Where the headline the loader put on the report's first line ends (0 if it has none).

    A report without a headline of its own is titled by its first words; those are body, and
    so is a first line with nothing after it."""
    title, text = document.title.strip(), document.text
    first_line, _, rest = text.partition("\n")
    if first_line.strip() != title or not title or re.search(r"[。！？!?]$", title):
        return 0
    return len(first_line) if rest.strip() else 0


def indicator_name(figure: Figure, catalogue: Catalogue) -> str:
    """The figure's indicator as people read it: its own name, else the catalogue's."""
    if figure.indicator_name:
        return figure.indicator_name
    try:
        return catalogue.get(figure.indicator).name_zh
    except KeyError:
        return figure.indicator


def _sentence_start(text: str, at: int) -> int:
    ends = [text.rfind(c, 0, at) for c in "。！？!?；;\n"]
    return max(ends) + 1


# --- the whole report ----------------------------------------------------------------------------


def _sentences(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]


def _paragraph_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer(r"\n\s*\n", text)]


def extract(
    document: Document,
    catalogue: Catalogue,
    gazetteer: Gazetteer,
    progress: Callable[[int, int], None] | None = None,
) -> Extraction:
    """Every figure in a report, each with its indicator, entity, period, kind and span.
    `progress(done, total)` hears how far into the text the parser is, in characters."""
    text = document.text
    published = document.published
    places = _place_mentions(text, gazetteer)
    title_end = _headline_end(document)
    subjects = [
        m
        for m in places
        if not _compared_with(text, m[0]) and not _context().dateline.match(text, m[1])
    ]
    main_place = _main_place(subjects, title_end)
    if main_place is None or sum(p.code == main_place.code for _, _, p in subjects) == 1:
        # a place named once may be a neighbour: the publisher or the site says whose report,
        # unless the site is its prefecture's (heihe.dbw.cn reporting on 孙吴县)
        site = report_place(document, gazetteer)
        if site is not None and not _inside(main_place, site):
            main_place = site
    main = (
        place_ref(main_place, gazetteer)
        if main_place
        else EntityRef(
            slug="unknown-place", kind="county", name_zh="未知地区", name_en="Unknown place"
        )
    )
    if main_place is not None:
        province = main_place.code[:2]
        places = [m for m in places if m[2].code[:2] == province]
    result = Extraction(document=document, main=main)
    result.entities[main.slug] = main
    place_names = {p.short_name for _, _, p in places} | {p.name_zh for _, _, p in places}
    place_names |= {text[a:b] for a, b, _ in places}  # 阳东县, as written, for 阳东区
    quantities = find_quantities(text)
    dates = date_mentions(text, [q for q in quantities if q.role == "date"], published)
    spans = [m for q in quantities if (m := span_mention(text, q, published))]
    mentions = mark_references(text, dates + relative_mentions(text, published) + spans)
    governing = _document_period(text, mentions, title_end, published, document.title)
    if (
        governing is not None
        and governing.end is not None
        and (published is None or governing.end.year != published.year)
    ):
        # 年末, 全年 in a 2021 bulletin published in 2022 are those of 2021
        anchored = relative_mentions(text, published, anchor_year=governing.end.year)
        mentions = mark_references(text, dates + anchored + spans)
    quoted = _short_quote_spans(text)
    paragraph_starts = set(_paragraph_starts(text))
    anaphora = [w for words in gazetteer.patterns.anaphora.values() for w in words]
    topic: EntityRef | None = None
    memory = Memory(places=tuple(sorted(place_names, key=len, reverse=True)))
    rows = table_rows(text)
    sentences = _sentences(text)
    for sentence in sentences:
        s_start, s_end = sentence
        if progress is not None:
            progress(s_end, len(text))
        if s_start < title_end:
            continue  # the headline: its figures are repeated in the body
        if any(a <= s_start < b for a, b in rows):
            continue  # a table row: read as a table below
        sentence_text = text[s_start:s_end]
        paragraph_start = any(s_start - 2 <= p <= s_start for p in paragraph_starts)
        if paragraph_start:
            memory.new_paragraph()
        memory.new_sentence()
        first_in_paragraph = paragraph_start
        if (
            paragraph_start
            and _is_heading(text, s_start)
            or paragraph_start
            and any(
                n in sentence_text[:12]
                for n in (main.name_zh, main_place.short_name if main_place else "")
            )
        ):
            topic = None
        named = _named_entities(sentence_text, s_start, gazetteer, main, place_names)
        sentence_places = [
            (a, b, p)
            for a, b, p in places
            if s_start <= a < s_end and not any(m.start <= a < m.end for m in named)
        ]
        paragraph_end = text.find("\n", s_start)
        if re.search(r"摄\s*$", text[s_start : paragraph_end if paragraph_end >= 0 else None]):
            continue  # a photo caption
        if paragraph_start and not named and not any(w in sentence_text for w in anaphora):
            topic = None  # a paragraph that neither names nor refers back starts afresh
        if _context().county_self.search(sentence_text[:14]):
            topic = None  # 据了解，今年一季度，该县…: the county is the subject again
        previous: tuple[int, EntityRef] | None = None
        for quantity in quantities:
            if not s_start <= quantity.start < s_end:
                continue
            figure = _figure(
                text,
                sentence,
                quantity,
                quoted,
                mentions,
                published,
                catalogue,
                memory,
            )
            if figure is None:
                continue
            named_between = (
                previous is not None
                and any(previous[0] <= m.start < quantity.start for m in named)
                or any(
                    previous is not None and previous[0] <= a < quantity.start
                    for a, _, _ in sentence_places
                )
            )
            if previous is not None and not named_between:
                entity = previous[1]  # 其中一期规划用地…, 计划投资…: same subject as before
            else:
                entity = _entity_for(
                    text,
                    quantity,
                    named,
                    sentence_places,
                    topic,
                    anaphora,
                    main,
                    gazetteer,
                    s_start,
                    continues=not first_in_paragraph
                    and (
                        is_static(indicator_name(figure, catalogue))
                        or not _COUNTY_WIDE.search(sentence_text)
                    ),
                )
            if entity.admin_code is None and _county_wide(text, s_start, quantity.start, named):
                entity = main  # 启动某项目…，确保全市集中供水率达到95%: the county's figure
            previous = (quantity.end, entity)  # (全市11.1%) is an aside: the sentence goes on
            wider = _wider_place(text, s_start, quantity.start, main_place, gazetteer)
            if wider is not None:
                # 同比增长7.5%(全市11.1%): the same indicator, of the prefecture
                entity = wider
                if result.figures and result.figures[-1].quote_start == figure.quote_start:
                    last = result.figures[-1]
                    figure = replace(
                        figure, indicator=last.indicator, indicator_name=last.indicator_name
                    )
            result.entities.setdefault(entity.slug, entity)
            figure = replace(figure, entity=entity)
            measure = indicator_name(figure, catalogue)
            # a project's total investment, and a county's total for its projects
            # (集中开工项目总投资190亿元): what things are, not what a period did
            static = is_static(
                measure if entity.admin_code is not None else figure.indicator_name or figure.quote
            )
            if static:
                period = _clause_period(text, mentions, figure, published, is_flow(measure))
                figure = replace(figure, period=period)
            elif governing and figure.period.label is None and _governed(figure, entity):
                figure = replace(figure, period=governing)
            result.figures.append(_settled_period(figure, measure))
        if any(p.code == main.admin_code and a - s_start < 12 for a, _, p in sentence_places):
            topic = None  # the county is the subject again
        specific = [m.ref for m in named if m.ref is not None and m.ref.kind != "town"]
        projects = [r for r in specific if r.kind == "project"]
        if len({r.slug for r in projects}) >= 2:
            topic = None  # A项目、B项目等18个重点项目: examples of a set, none its subject
        elif specific and (topic is None or specific[-1].kind in ("company", "project")):
            # the subject is the first thing named; a company or project named later takes
            # over, but the companies that invest in a project named with them do not
            topic = (
                projects[-1]
                if projects
                else specific[0]
                if topic is None and specific[-1].kind == "park"
                else specific[-1]
            )
        first_in_paragraph = False
    for ratio in _ratios(text, sentences, mentions, governing, published):
        if not any(f.start < ratio.end and ratio.start < f.end for f in result.figures):
            result.figures.append(replace(ratio, entity=main))
    for cell in table_cells(text):
        cell_figure = _table_figure(text, cell, mentions, governing, main, catalogue)
        result.figures.append(_settled_period(cell_figure, indicator_name(cell_figure, catalogue)))
        if cell.is_place_row:
            ref = result.figures[-1].entity
            result.entities.setdefault(ref.slug, ref)
    result.figures.sort(key=lambda f: f.start)
    return result


_RATIO = re.compile(
    r"(?<![\d.])(\d+(?:\.\d+)?)\s*[:：∶]\s*(\d+(?:\.\d+)?)(?:\s*[:：∶]\s*(\d+(?:\.\d+)?))?(?![\d.:：∶])"
)
_SECTORS = ("第一产业增加值比重", "第二产业增加值比重", "第三产业增加值比重")


def _ratios(
    text: str,
    sentences: list[tuple[int, int]],
    mentions: list[Mention],
    governing: Period | None,
    published: date | None,
) -> list[Figure]:
    """三次产业结构 15.3:31.3:53.4 is the three sectors' shares; 城乡收入比 2.02:1 a ratio."""
    out: list[Figure] = []
    for sentence in sentences:
        s_start, s_end = sentence
        for match in _RATIO.finditer(text, s_start, s_end):
            before = text[s_start : match.start()]
            parts = [g for g in match.groups() if g is not None]
            previous_year = bool(re.search(r"(上年|去年|上年同期|去年同期)的?\s*$", before))
            fake = Quantity(Decimal(0), None, match.start(), match.end(), match.group())
            period = _period(text, mentions, sentence, s_start, fake, published, True)
            if period.label is None and governing is not None:
                period = governing
            if previous_year and period.start and period.end:
                period = Period(
                    "上年",
                    period.start.replace(year=period.start.year - 1),
                    period.end.replace(year=period.end.year - 1),
                )
            if len(parts) == 3 and re.search("产业|结构|三产|比例", before[-30:]):
                names: tuple[str, ...] = _SECTORS
                unit = "percent"
                values = parts
                spans = [match.span(i) for i in (1, 2, 3)]
            elif len(parts) == 2 and parts[1] == "1" and re.search("比", before[-20:]):
                subject = re.sub(r"(由|从)?(上年|去年|上年同期|去年同期)?的?$", "", before)
                subject = re.split(r"[，,；;]", subject)[-1]
                names = (_ratio_name(subject),)
                unit = "ratio"
                values = parts[:1]
                spans = [match.span(1)]
            else:
                continue
            for name, value, (a, b) in zip(names, values, spans, strict=False):
                out.append(
                    _derived_figure(text, sentence, a, b, Decimal(value), unit, name, period)
                )
    return out


def _ratio_name(subject: str) -> str:
    name = re.sub(r"(持续)?(缩小|扩大|下降|为|达|调整为|由).*$", "", subject.strip())
    name = re.sub(r"^(全县|全市|全区|城乡居民收入差距)", "", name) or "城乡居民收入比"
    return name if name.endswith("比") else name + "比"


def _derived_figure(
    text: str,
    sentence: tuple[int, int],
    start: int,
    end: int,
    value: Decimal,
    unit: str,
    name: str,
    period: Period,
) -> Figure:
    lead = len(text[sentence[0] : sentence[1]]) - len(text[sentence[0] : sentence[1]].lstrip())
    quote = (sentence[0] + lead, sentence[0] + len(text[sentence[0] : sentence[1]].rstrip()))
    return _read_figure(
        text, start, end, quote, value, unit, derived_code(name), name, period, ("ratio",)
    )


def _read_figure(
    text: str,
    start: int,
    end: int,
    quote: tuple[int, int],
    value: Decimal,
    unit: str,
    indicator: str,
    name: str | None,
    period: Period,
    flags: tuple[str, ...],
    counter: str | None = None,
    entity: EntityRef | None = None,
) -> Figure:
    """A figure read whole from its characters (a ratio's part, a table cell): exact, actual."""
    return Figure(
        value=value,
        unit=unit,
        surface=text[start:end],
        start=start,
        end=end,
        quote=text[quote[0] : quote[1]],
        quote_start=quote[0],
        quote_end=quote[1],
        qualifier="exact",
        qualifier_text=None,
        indicator=indicator,
        entity=entity or EntityRef(slug="", kind="county", name_zh=""),
        period=period,
        kind="actual",
        counter=counter,
        step=Decimal(1),
        flags=flags,
        indicator_name=name,
    )


def _clause_period(
    text: str, mentions: list[Mention], figure: Figure, published: date | None, flow: bool
) -> Period:
    """A project's total investment or site area has a period only when its own clause says;
    its output at full production may also take the future year the sentence sets for it."""
    breaks = list(_CLAUSE_END.finditer(text, figure.quote_start, figure.start))
    clause_start = breaks[-1].end() if breaks else figure.quote_start
    own = [m for m in mentions if not m.reference and clause_start <= m.start < figure.start]
    if not own and flow and published is not None:
        # 预计2025年可建成达产，年产值可达60亿元: the year the target is set for
        own = [
            m
            for m in mentions
            if not m.reference
            and figure.quote_start <= m.start < figure.start
            and m.period.start is not None
            and m.period.start.year > published.year
        ]
    return max(own, key=lambda m: m.start).period if own else as_of(published)


def _document_period(
    text: str, mentions: list[Mention], title_end: int, published: date | None, title: str
) -> Period | None:
    """The period a report is about, when its headline or opening states one
    (2023年国民经济和社会发展统计公报, 上半年全县经济运行情况): it governs the report's
    statistics that state none of their own. The opening runs to the end of its first
    sentence (a bulletin's header lines, then 现将2020年11月1日零时…公布如下). A government work
    report delivered early in a year reviews the year before."""
    work_report = "政府工作报告" in title
    delivered = re.search(r"(20\d{2})\s*年", title) if work_report else None
    first_sentence = text.find("。", title_end)
    opening = text.find("\n\n", first_sentence if first_sentence >= 0 else title_end + 2)
    limit = opening if opening >= 0 else len(text)
    so_far: Period | None = None
    for mention in sorted(mentions, key=lambda m: (m.start, m.start - m.end)):
        if mention.start >= limit:
            break
        period = mention.period
        if mention.reference or period.start is None or period.end is None:
            continue
        if period.start == period.end == published:
            continue  # the dateline dates the report, it does not govern it
        if (period.end - period.start).days > 366:
            continue  # 10年来南安经济社会发展的成绩: a review, not the period of its figures
        if work_report and mention.start < title_end:
            continue  # 2024年政府工作报告: the year it is delivered in
        if period.end == published and period.start != published:
            so_far = so_far or period  # 今年以来…前三季度: the statistics' own period comes later
            continue
        return period
    if so_far is not None:
        return so_far
    if delivered is not None and published is None:
        published = date(int(delivered.group(1)), 1, 1)  # 2024年政府工作报告: given in early 2024
    if work_report and published is not None:
        # delivered in January 2024 it reviews 2023; delivered in December 2018, 2018
        year = last_full_year(published)
        return Period(f"{year}年", date(year, 1, 1), date(year, 12, 31))
    return None


def _in_year(period: Period | None, year: int) -> Period:
    """The column's year: the same months as the table's period (一季度 of 2023), or the year."""
    if period is None or period.start is None or period.end is None:
        return Period(f"{year}年", date(year, 1, 1), date(year, 12, 31))
    if period.start.year == period.end.year:
        try:
            return Period(
                f"{year}年", period.start.replace(year=year), period.end.replace(year=year)
            )
        except ValueError:  # 29 February
            pass
    return Period(f"{year}年", date(year, 1, 1), date(year, 12, 31))


def _settled_period(figure: Figure, name: str) -> Figure:
    """一季度…生猪存栏0.72万头: a stock given for a period is its value on the period's last
    day. 一季度集中开工，年度计划投资45亿元: a year's plan is for the whole year."""
    period = figure.period
    if period.start is None or period.end is None:
        return figure
    if _context().whole_year.search(name) and period.start.year == period.end.year:
        year = period.start.year
        whole = Period(f"{year}年", date(year, 1, 1), date(year, 12, 31))
        return replace(figure, period=whole)
    if period.start == period.end or not is_stock(name):
        return figure
    return replace(figure, period=Period(period.label, period.end, period.end))


def _governed(figure: Figure, entity: EntityRef) -> bool:
    """Statistics of a place, not the attributes of a project or a company."""
    return entity.admin_code is not None and figure.indicator != UNCLASSIFIED


def _table_figure(
    text: str,
    cell: Cell,
    mentions: list[Mention],
    governing: Period | None,
    main: EntityRef,
    catalogue: Catalogue,
) -> Figure:
    caption = [
        m
        for m in mentions
        if not m.reference
        and cell.row_start - 300 <= m.start < cell.row_start
        and m.period.start is not None
    ]
    period = (
        closing_period(max(caption, key=lambda m: m.start), is_flow(cell.name))
        if caption
        else governing
    )
    if cell.year is not None:
        period = _in_year(period, cell.year)
    entity = main
    if cell.is_place_row and not re.match("全[县市区旗]", cell.row_label):
        entity = EntityRef(
            slug=f"{main.slug}-{slugify(cell.row_label)}",
            kind="town",
            name_zh=cell.row_label,
            parent_slug=main.slug,
        )
    known = catalogue.code_for(cell.name)
    return _read_figure(
        text,
        cell.start,
        cell.end,
        (cell.row_start, cell.row_end),
        cell.value,
        cell.unit,
        known or derived_code(cell.name),
        None if known else cell.name,
        period or Period(None, None, None),
        ("table",),
        counter=cell.counter,
        entity=entity,
    )


def _is_heading(text: str, start: int) -> bool:
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    return len(line) <= 40 and not re.search(r"[。！？]", line)


def _entity_for(
    text: str,
    quantity: Quantity,
    named: list[_Named],
    sentence_places: list[tuple[int, int, Place]],
    topic: EntityRef | None,
    anaphora: list[str],
    main: EntityRef,
    gazetteer: Gazetteer,
    sentence_start: int,
    *,
    continues: bool,
) -> EntityRef:
    """The entity named nearest before the figure, else the one its paragraph is about."""
    attributive = [
        m
        for m in named
        if 0 <= m.start - quantity.end <= 2 and text[quantity.end : m.start] in ("的", "")
    ]
    if attributive:  # 总投资50亿元的某某项目: the figure describes what follows it
        return attributive[0].ref
    if text[max(0, quantity.start - 1) : quantity.start] == "等":
        return main  # A项目、B项目等18个重点项目: the count of a set the names only exemplify
    around = [m for m in named if m.start <= quantity.start and quantity.end <= m.end]
    if around:  # 年产10万吨无机纤维密度板材项目: a figure inside a name is that thing's
        return around[0].ref
    before = [m for m in named if m.end <= quantity.start]
    places_before = [(a, b, p) for a, b, p in sentence_places if b <= quantity.start]
    nearest_place_end = max((b for _, b, _ in places_before), default=-1)
    clause_start = max(
        [sentence_start]
        + [
            m.end() + sentence_start
            for m in _CLAUSE_BREAK.finditer(text[sentence_start : quantity.start])
        ]
    )
    clause = text[clause_start : quantity.start]
    said = [k for k, ws in gazetteer.patterns.anaphora.items() if any(w in clause for w in ws)]
    of_kind = [m.ref for m in before if m.ref.kind in said and m.end <= clause_start]
    if of_kind:
        # 某某项目位于某镇，项目占地105亩: the anaphor names its kind, and the sentence's
        # first entity of that kind is its subject
        return of_kind[0]
    if before and before[-1].end > nearest_place_end:
        return before[-1].ref
    if places_before and nearest_place_end > clause_start - 1:
        place = max(places_before, key=lambda item: item[1])[2]
        if place.kind == "county" or place.code == main.admin_code:
            return place_ref(place, gazetteer)
    refers_back = any(w in text[sentence_start : quantity.start] for w in anaphora)
    if before and said:
        # 园区规划用地…: an anaphor in the figure's clause points at the sentence's subject
        same_kind = [m.ref for m in named if m.ref.kind == before[-1].ref.kind]
        return topic or same_kind[0]
    if topic is not None and (refers_back or continues):
        return topic
    if before:
        return before[-1].ref
    return main


def _figure(
    text: str,
    sentence: tuple[int, int],
    quantity: Quantity,
    quoted: list[tuple[int, int]],
    mentions: list[Mention],
    published: date | None,
    catalogue: Catalogue,
    memory: Memory,
) -> Figure | None:
    if quantity.role == "ordinal":
        if not _RANK_CONTEXT.search(text[sentence[0] : quantity.start]):
            return None
    elif quantity.role != "measure":
        return None
    unit = quantity.unit
    flags = list(quantity.flags)
    if unit is None:
        if not _money_inferred(text, sentence, quantity):
            return None
        unit = "CNY"
        flags.append("unit_inferred")
    in_short_quote = any(a < quantity.start and quantity.end < b for a, b in quoted)
    if in_short_quote:
        return None  # “三强三城”, “26℃之城”: a slogan or a name, not a figure
    if _is_indefinite(quantity) or _is_rhetoric(text, sentence, quantity):
        return None
    if quantity.counter and text.startswith(quantity.counter, quantity.end):
        return None  # 一张张: reduplicated classifier
    if quantity.surface.endswith("位") and text[quantity.end : quantity.end + 1] == "数":
        return None  # 两位数增长: double digits, not a count
    if unit == "rank" and _context().ranked_class.match(text, quantity.end):
        return None  # 世界500强企业: a class of companies, not a rank
    if unit == "CNY" and _context().size_class.match(text, quantity.end):
        return None  # 20亿元项目2个, 5000万元以上项目投资: a size class, not an amount
    if unit == "year" and text[quantity.end : quantity.end + 1] in ("内", "来"):
        return None  # 五年内, 十年来: a horizon that frames the figures that follow
    s_start, s_end = sentence
    sentence_text = text[s_start:s_end]
    local_start, local_end = quantity.start - s_start, quantity.end - s_start
    word = quantity.qualifier_text or ""
    if word and sentence_text[:local_start].rstrip().endswith(word):
        # 面积约12万平方米: the qualifier before a figure belongs to it, not to the context
        local_start = sentence_text[:local_start].rstrip().rfind(word)
    code, spanned = _classify(catalogue, sentence_text, local_start, local_end, unit)
    naming = name_figure(
        sentence_text, local_start, local_end, unit, quantity.surface, quantity.counter, memory
    )
    remember(memory, naming)
    value = quantity.value * naming.sign
    start, surface = quantity.start, quantity.surface
    if text[start - 1 : start] in "-−" and start > 0 and not text[start - 2 : start - 1].isdigit():
        # 增长-0.5%: a decline written with a sign
        start, surface = start - 1, text[start - 1] + surface
        value = -abs(value)
    indicator, name = _indicator(catalogue, code, spanned, naming)
    phases = list(_context().phase.finditer(sentence_text, 0, local_start))
    broader = None
    if phases and indicator != UNCLASSIFIED:
        # 其中一期规划用地2000亩，计划投资80亿元: the phase's investment, not the park's. It
        # narrows the catalogue's 计划总投资, which the park and project pages still read.
        base = name or catalogue.get(indicator).name_zh
        if not _context().phase.match(base):
            broader = None if name else indicator
            name = phases[-1].group() + base
            indicator = derived_code(name)
    if naming.continues and memory.last_indicator is not None:
        indicator, name = memory.last_indicator
    memory.last_indicator = (indicator, name)
    timed = name is None or vocabulary().duration_heads.search(name) is not None
    if unit in _DURATIONS and (indicator == UNCLASSIFIED or not timed):
        return None  # 三个月, 近10年: a duration that only frames another figure
    kind = _kind(sentence_text, local_start, quantity, text[quantity.end : quantity.end + 2])
    paragraph_start = max(0, text.rfind("\n\n", 0, s_start) + 2) if "\n\n" in text[:s_start] else 0
    flow = is_flow(naming.subject or name or naming.name or "")
    period = _period(text, mentions, sentence, paragraph_start, quantity, published, flow)
    if unit in _DURATIONS:
        own = span_mention(text, quantity, published)
        period = own.period if own else as_of(published)
    quote_text = sentence_text.strip()
    lead = len(sentence_text) - len(sentence_text.lstrip())
    return Figure(
        value=value,
        unit=unit,
        surface=surface,
        start=start,
        end=quantity.end,
        quote=quote_text,
        quote_start=s_start + lead,
        quote_end=s_start + lead + len(quote_text),
        qualifier=quantity.qualifier or "exact",
        qualifier_text=quantity.qualifier_text,
        indicator=indicator,
        entity=EntityRef(slug="", kind="county", name_zh=""),
        period=period,
        kind=kind,
        counter=quantity.counter,
        step=quantity.step,
        flags=tuple(flags),
        indicator_name=name,
        broader=broader,
    )


def _indicator(
    catalogue: Catalogue, code: str, spanned: bool, naming: Naming
) -> tuple[str, str | None]:
    """A catalogue code, or a derived code with its yearbook name; never a generic one.

    A catalogue pattern that spans the figure itself is the strongest evidence; next comes the
    name read off the clause (looked up in the catalogue, else kept as a derived indicator);
    then a catalogue pattern nearby. A figure none of them names is `unclassified`.
    """
    known = catalogue.code_for(naming.name) if naming.name else None
    confident = (
        naming.name is not None
        and naming.mode not in ("count", "rank")
        and head_of(naming.subject or "") is not None
    )
    if spanned and code != UNCLASSIFIED and (known or not confident):
        return code, None  # the catalogue's pattern read the context the name was read from
    if naming.name:
        return (known, None) if known else (derived_code(naming.name), naming.name)
    return code, None


def _is_rhetoric(text: str, sentence: tuple[int, int], quantity: Quantity) -> bool:
    """两篇文章, 五对关系, 四种经济: a small count in words that structures a speech; the 1支,
    1张, 7个 that spell out a “1+1+7+7” formula of the same paragraph."""
    if quantity.unit != "count" or quantity.value > 10:
        return False
    paragraph = text[max(0, text.rfind("\n\n", 0, sentence[0])) : sentence[1]]
    for formula in re.finditer(r"[“\"]((?:\d+|N)(?:\+(?:\d+|N))+)[”\"]", paragraph):
        if str(int(quantity.value)) in formula.group(1).split("+"):
            return True
    if re.search(r"\d", quantity.numeral):
        return False
    clause = text[max(sentence[0], quantity.start - 8) : quantity.start]
    return vocabulary().counting.search(clause) is None
