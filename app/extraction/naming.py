"""Name what a figure measures the way statistical yearbooks do, from the words around it.

The name is read off the figure's own clause (全县实现地区生产总值56.82亿元 → 地区生产总值), with
place, time, verbs and connectors taken away; a clause that only implies its subject takes it
from the sentence (…,增长4.6% → 地区生产总值增速; 分产业看，第一产业增长30% after 固定资产投资 →
第一产业投资增速). What the figure says of the subject becomes a suffix: 增速 (declines are
negative), 比重, 差距 and 变动 for percentage points, 数 for counts. The words are data, in
`naming.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Literal

from app.datafiles import package_file, plain
from app.extraction import qualifiers

Mode = Literal["level", "growth", "share", "gap", "change", "count", "rank"]

_CLAUSE_END = re.compile(r"[，,；;：:。！？!?（(）)]")
_PUNCT = re.compile(r"^[\s、，,：:“”‘’\"（）()《》·\-—]+|[\s、，,：:“”‘’\"（）()《》·\-—的]+$")
_ENTITY_END = re.compile(r"(项目|园区|产业园|工业园|开发区|公司|集团)")


@dataclass(frozen=True)
class Naming:
    """What the parser could say of a figure's subject."""

    name: str | None
    subject: str | None
    mode: Mode
    sign: int = 1
    continues: bool = False  # the next item of a list: the previous figure's indicator


@dataclass
class Memory:
    """What earlier figures of the same sentence and paragraph were about."""

    sentence_subject: str | None = None
    topic: str | None = None
    sentence_items: list[str] = field(default_factory=list)
    last_name: str | None = None
    last: Naming | None = None  # the previous figure's naming, for lists (20.83%、21.15%)
    last_indicator: tuple[str, str | None] | None = None
    places: tuple[str, ...] = ()  # the report's place names, longest first
    project_set: str | None = None  # 集中开工项目63个: the projects the sentence counts

    def new_sentence(self) -> None:
        self.sentence_subject = None
        self.project_set = None
        self.sentence_items = []
        self.last_name = None
        self.last = None
        self.last_indicator = None

    def new_paragraph(self) -> None:
        self.new_sentence()
        self.topic = None


@dataclass(frozen=True)
class _Vocabulary:
    abbreviations: tuple[tuple[str, str], ...]
    heads: tuple[str, ...]
    strip: tuple[re.Pattern[str], ...]
    growth: re.Pattern[str]
    growth_words: str
    decline: tuple[str, ...]
    gap: re.Pattern[str]
    change: re.Pattern[str]
    lower: tuple[str, ...]
    averages: dict[str, str]
    share: re.Pattern[str]
    count_nouns: tuple[str, ...]
    count_verbs: tuple[str, ...]
    counting: re.Pattern[str]  # any count verb: 引进两个项目 is a figure, 两篇文章 is not
    flows: tuple[str, ...]
    amount_change: re.Pattern[str]
    list_prefixes: dict[str, str]
    project_classes: re.Pattern[str]
    parallel: frozenset[str]
    rewrites: tuple[tuple[re.Pattern[str], str], ...]
    static: re.Pattern[str]
    money_heads: re.Pattern[str]
    unit_heads: dict[str, str]
    yearly: dict[str, str]
    of_the_set: frozenset[str]
    stocks: re.Pattern[str]
    duration_heads: re.Pattern[str]


@cache
def _qualifier_tail() -> re.Pattern[str]:
    """A qualifier word (qualifiers.yaml) or 达到 ending the words before a figure."""
    words = [w for w, _ in qualifiers.table().found_by_scan("before")] + ["约为", "达到", "达"]
    return re.compile(f"({'|'.join(sorted(words, key=len, reverse=True))})$")


@cache
def vocabulary() -> _Vocabulary:
    raw = plain(package_file("naming.yaml"))
    growth = "|".join(raw["growth"])
    return _Vocabulary(
        abbreviations=tuple(
            sorted(raw["abbreviations"].items(), key=lambda item: len(item[0]), reverse=True)
        ),
        heads=tuple(sorted(raw["heads"], key=len, reverse=True)),
        strip=tuple(re.compile(p) for p in raw["strip_anywhere"]),
        growth=re.compile(rf"(?:{growth})(?:了|为|达到?|约|近|超过?)?$"),
        growth_words=growth,
        decline=tuple(raw["decline"]),
        gap=re.compile(raw["gap_words"]),
        change=re.compile(raw["change_words"] + r"(?:了|为)?$"),
        lower=tuple(raw["lower_words"]),
        averages=raw["average_words"],
        share=re.compile(raw["share"]),
        count_nouns=tuple(sorted(raw["count_nouns"], key=len, reverse=True)),
        count_verbs=tuple(sorted(raw["count_verbs"], key=len, reverse=True)),
        counting=re.compile("|".join([*raw["count_verbs"], "共", "建成", "达到", "有"])),
        flows=tuple(raw["flows"]),
        amount_change=re.compile(raw["amount_change"]),
        list_prefixes=raw["list_prefixes"],
        project_classes=re.compile(raw["project_classes"]),
        parallel=frozenset(raw["parallel"]),
        rewrites=tuple((re.compile(a), b) for a, b in raw["rewrites"]),
        static=re.compile(raw["static"]),
        money_heads=re.compile(raw["money_heads"]),
        unit_heads=raw["unit_heads"],
        yearly=raw["yearly"],
        of_the_set=frozenset(raw["of_the_set"]),
        stocks=re.compile(raw["stocks"]),
        duration_heads=re.compile(rf"(?:{raw['duration_heads']})$"),
    )


def expand(name: str) -> str:
    v = vocabulary()
    for short, full in v.abbreviations:
        if short in name and not (short in full and full in name):
            name = name.replace(short, full)
    for pattern, replacement in v.rewrites:
        name = pattern.sub(replacement, name)
    return name


def canonical_name(name: str) -> str:
    """A name in one spelling: full forms, 增速 for growth, 比重 for shares, no punctuation."""
    cleaned = re.sub(r"[\s“”‘’\"（）()《》「」、·]", "", name or "")
    cleaned = re.sub(r"^(全县|全市|全区|全省|全年|当年|年末)", "", cleaned)
    cleaned = re.sub(r"(同比)", "", cleaned)
    cleaned = re.sub(r"(增长|增长率|增幅)$", "增速", cleaned)
    return expand(cleaned)


def is_static(name: str) -> bool:
    """What a project, park or company is (总投资, 占地, 年产值 at full output): no period."""
    return vocabulary().static.search(name) is not None


def is_stock(name: str) -> bool:
    """A balance, a head count or a rate on a day (存款余额, 生猪存栏, 常住人口, 城镇化率)."""
    return vocabulary().stocks.search(name) is not None


def is_flow(subject: str) -> bool:
    """Output, income, investment… add up over a period; balances and counts are stocks."""
    return any(word in subject for word in vocabulary().flows)


def head_of(subject: str) -> str | None:
    for head in vocabulary().heads:
        if subject.endswith(head):
            return head
    return None


def _strip(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        for pattern in vocabulary().strip:
            text = pattern.sub("", text)
        text = _PUNCT.sub("", text)
        text = _qualifier_tail().sub("", text)
    return text


def _subject(clause: str, places: tuple[str, ...] = ()) -> str:
    for place in places:
        if clause.startswith(place) or clause.lstrip("，,").startswith(place):
            clause = clause.lstrip("，,")[len(place) :]
            break
    subject = re.sub(r"\[[^\]]{0,4}\]", "", _strip(clause))
    if subject.endswith("占地"):
        subject += "面积"
    # XX项目总投资: the thing is the figure's place; the subject is what is said of it
    ends = list(_ENTITY_END.finditer(subject))
    named = subject[: ends[-1].start()] if ends else ""
    if (
        named
        and not vocabulary().project_classes.search(named)
        and head_of(subject[ends[-1].end() :])
    ):
        subject = subject[ends[-1].end() :]
    return expand(subject)


def _complete(subject: str, memory: Memory, unit: str) -> str:
    """第一产业 after 固定资产投资 is 第一产业投资; 产量 after 蔬菜播种面积 is 蔬菜产量."""
    topic = memory.sentence_subject or memory.topic
    if not subject or topic is None or re.search("(比重|率|指数)$", subject):
        return subject
    head = head_of(subject)
    topic_head = head_of(topic)
    if topic_head is not None and not _fits(topic_head, unit):
        return subject  # 建设40公里绿道 after 投入3亿元: a length is not an investment
    if head is None and topic_head is not None:
        if topic_head in ("地区生产总值", "总值") and re.search("产业|业$", subject):
            return subject + "增加值"
        if topic_head == "固定资产投资":
            return subject + "投资"
        if topic_head == "总产值" and subject.endswith("业"):
            return subject + "产值"  # 农林牧渔业总产值…，其中农业: 农业产值
        return subject + topic_head
    if head is not None and subject == head and memory.sentence_subject:
        # 已建成标准厂房9栋、面积7万平方米: the bare 面积 is the building's (same sentence)
        topic = memory.sentence_subject
        topic_head = head_of(topic)
        return topic[: -len(topic_head)] + head if topic_head else topic + head
    return subject


def _fits(head: str, unit: str) -> bool:
    """Whether a measure named by `head` can be counted in `unit` (rates fit any measure)."""
    if unit in ("percent", "percentage_point", "ratio"):
        return True
    timed = vocabulary().duration_heads.search(head) is not None
    if timed or unit in ("year", "month", "day"):
        return timed and unit in ("year", "month", "day")
    money = vocabulary().money_heads.search(head) is not None
    return money == (unit == "CNY")


def _count_name(
    after: str, before_clause: str, unit: str, counter: str | None, places: tuple[str, ...]
) -> tuple[str | None, str]:
    """10个项目签约 → 签约项目数; 表彰218家纳税大户 → 表彰纳税大户数; 入驻企业120家 → 入驻企业数."""
    v = vocabulary()
    after = re.sub(r"^(?:以上|之上|左右|多|余)", "", after)  # 1000人以上带动就业
    stop = "|".join(v.count_verbs + ("的", "已", "正在", "分别", "共", "达", "累计", "全部"))
    noun_match = re.match(
        rf"([^\d，,。；;：:、（(“”]{{1,12}}?)(?=[，,。；;：:、（(]|$|{stop})", after
    )
    noun = noun_match.group(1) if noun_match else ""
    manner = ""
    if (found := re.search(r"(集中|顺利|成功|正式|陆续|相继|先后)$", noun)) and found.start():
        noun, manner = noun[: found.start()], found.group()  # 16家企业集中签约
    verb = next(
        (
            w
            for w in v.count_verbs
            if w in before_clause[-8:] or after.startswith(w, len(noun) + len(manner))
        ),
        "",
    )
    if verb and not manner and f"集中{verb}" in before_clause[-8:]:
        manner = "集中"  # 集中开工的63个项目
    if noun:
        core = next((n for n in v.count_nouns if noun.endswith(n)), None)
        name = core if core and verb else noun
        if verb and not name.startswith(verb):
            name = verb + name
        if manner == "集中" and verb:
            name = manner + name  # 集中签约企业数
        return name + "数", name
    subject = _subject(before_clause, places)
    done = re.fullmatch(
        rf"(.+?(?:项目|企业|工程))(?:已经|已|正在|均已)?({'|'.join(v.count_verbs)})(?:建设)?",
        subject,
    )
    if done:
        subject = done.group(2) + done.group(1)  # 重点工业项目已开工建设17个: 开工重点工业项目数
    if subject:
        if head_of(subject) or re.search("(数|人口|人次|量)$", subject):
            return subject, subject
        if counter == "人次":
            return subject + "人次", subject
        countable = any(subject.endswith(n) for n in v.count_nouns + ("岗位",))
        if unit == "person" and not countable and not re.search("[者员工人民生师户]$", subject):
            return subject + "人数", subject  # 带动就业150人 → 带动就业人数
        return subject + "数", subject
    return None, ""


def name_figure(
    sentence: str,
    start: int,
    end: int,
    unit: str,
    surface: str,
    counter: str | None,
    memory: Memory,
) -> Naming:
    """The yearbook name of the figure at [start, end) of `sentence`, and what it implies."""
    v = vocabulary()
    before = sentence[:start]
    if (named := _bracketed_name(before)) is not None:
        return Naming(named, named, "level")
    if (parallel := _parallel(sentence, start, memory)) is not None:
        return parallel
    if unit not in ("CNY", "percent", "percentage_point", "person") and (
        capacity := _capacity(before, sentence[end:])
    ):
        return Naming(capacity, capacity, "level")
    if (
        memory.last is not None
        and "分别" not in before
        and re.search(r"\d[^\d，,。；;、]{0,4}[、和—–~－]\s*$", before)
    ):
        # 完成年度计划的20.83%、21.15%, 建设周期6年—8年: a list or range of one measure
        return replace(memory.last, continues=True)
    breaks = list(_CLAUSE_END.finditer(before))
    clause = before[breaks[-1].end() :] if breaks else before
    whole_clause = clause
    listed_after = list(re.finditer(r"\d[^\d，,。；;、]{0,4}、", clause))
    if listed_after:
        # 新建亿元项目10个、新增工业增加值5亿元: the clause starts after the previous figure
        clause = clause[listed_after[-1].end() :]
    pp = surface.endswith("百分点")
    is_rate = unit in ("percent", "percentage_point")
    tail = _qualifier_tail().sub("", clause.rstrip().rstrip("-−").rstrip())
    mode: Mode = "level"
    sign = 1
    cut = len(clause)
    suffix = ""
    pull = re.search(r"拉动(.{1,12}?)增长", whole_clause) if pp else None
    if pull is not None:
        # 第三产业拉动地区生产总值增长1.2个百分点; 分别拉动经济增长1.6、0.8个百分点
        puller = (
            _subject(whole_clause[: pull.start()], memory.places)
            or ("分别" in whole_clause and _listed_subject(sentence, start, memory))
            or memory.sentence_subject
            or ""
        )
        puller = re.sub("增加值$", "", puller)
        pulled = expand(_strip(pull.group(1))) or "地区生产总值"
        return Naming(f"{puller}拉动{pulled}增长", puller, "change")
    if is_rate and pp and (gap := v.gap.search(clause)):
        mode, suffix, cut = "gap", "差距", gap.start()
        sign = -1 if gap.group(1) in v.lower else 1
    elif is_rate and pp and (change := v.change.search(tail)):
        mode, suffix, cut = "change", "变动", change.start()
        sign = -1 if any(w in change.group(1) for w in v.lower) else 1
    elif is_rate and (growth := v.growth.search(tail)):
        mode, suffix, cut = "growth", "增速", growth.start()
        sign = -1 if any(w in growth.group() for w in v.decline) else 1
        for words, average in v.averages.items():
            if words in clause[: growth.start()]:
                suffix, cut = average, clause.find(words)
                break
    elif is_rate and (share := v.share.search(clause)):
        mode, suffix, cut = "share", "比重", share.start()
        if re.search("生产总值|GDP", share.group()) and head_of(_strip(clause[:cut])) is None:
            suffix = "增加值比重"  # 第一产业占地区生产总值的比重
    elif is_rate and re.search("(比重|占比)(为|达到?)?$", tail):
        mode, suffix = "share", "比重"
        cut = max(tail.rfind("比重"), tail.rfind("占比"))
    elif not is_rate and (change := v.amount_change.search(tail)):
        mode, suffix, cut = "change", "变动", change.start()
        sign = -1 if re.search("减少|下降|少", change.group()) else 1
    elif unit in ("count", "person"):
        mode = "count"
    elif unit == "rank":
        mode = "rank"
    listed = _listed_subject(sentence, start, memory)
    if listed is not None and mode == "level" and is_rate:
        at = sentence.rfind("分别", 0, start)
        said = re.match(r"分别([^\d，,。；;、]*)", sentence[at:])
        lead = sentence[max(sentence.rfind(c, 0, at) for c in "，,；;：:。") + 1 : at]
        if said and (growth := v.growth.search(said.group(1))):
            # 分别增长4%和8%: the second figure's own clause is only "4%和"
            mode, suffix = "growth", "增速"
            sign = -1 if any(w in growth.group() for w in v.decline) else 1
        elif v.share.search(lead) or re.search("比重|占比", lead):
            # 三次产业占地区生产总值的比重分别为a、b和c: every item is a share
            mode, suffix = "share", "比重"
    if listed is not None:
        phrase = _listed_phrase(sentence, start)
        if mode in ("level", "count") and phrase:
            listed = expand(listed + phrase)
        if mode == "count":
            return Naming(listed if head_of(listed) else listed + "数", listed, mode)
    if mode == "rank":
        # 同比增长4.0%,六县市排名第三: the rank of what the sentence just measured
        ranked = memory.last_name or _subject(
            re.sub(r"(排名|排位|位居|位于|处于|居|列|位列|排在).*$", "", clause), memory.places
        )
        return Naming(ranked + "排名" if ranked else None, None, mode)
    if mode == "count":
        counted, what = _count_name(sentence[end:], clause, unit, counter, memory.places)
        if counted is None:
            return Naming(None, None, mode)
        memory.sentence_subject = what or memory.sentence_subject
        if what.endswith("项目"):
            memory.project_set = what
        return Naming(counted, what, mode)
    subject = listed if listed is not None else _subject(clause[:cut].lstrip(), memory.places)
    counted = memory.project_set or memory.sentence_subject or ""
    if subject in v.of_the_set and counted.endswith("项目"):
        subject = counted + subject.removeprefix("计划")  # 签约项目36个，总投资210亿元
    trailing = re.match(r"的([^\d，,。；;、（(]{1,10}?)(?=[，,。；;、（(]|$)", sentence[end:])
    if trailing and head_of(trailing.group(1)) and mode == "level":
        subject = expand(trailing.group(1))  # 达到8亿元的产值
    if (
        mode in ("gap", "change")
        and is_rate
        and (not subject or re.search("增幅|增速|降幅|涨幅", clause[:cut]))
    ):
        # 增速高于全市0.3个百分点: the gap is in the growth rate just given
        rate = memory.last_name or ""
        if rate.endswith(("增速", "比重", "率")):
            return Naming(rate + suffix, rate, mode, sign)
    if not subject and mode != "level":
        subject = memory.sentence_subject or memory.topic or ""
    elif subject:
        subject = _complete(subject, memory, unit)
    if (
        subject
        and mode == "level"
        and head_of(subject) is None
        and unit in v.unit_heads
        and re.fullmatch(r"[\u4e00-\u9fff]{1,8}", subject)
        and not v.counting.search(subject)
    ):
        subject += v.unit_heads[unit]  # 水泥125万吨: what a place makes, weighed, is its output
    if not subject or (mode == "level" and head_of(subject) is None and not is_rate):
        return Naming(None, subject or None, mode, sign)
    if subject.endswith(suffix):
        return Naming(subject, subject, mode, sign)
    return Naming(subject + suffix, subject, mode, sign)


def _listed_subject(sentence: str, start: int, memory: Memory) -> str | None:
    """A、B分别为x、y: the k-th figure after 分别 belongs to the k-th item before it."""
    at = sentence.rfind("分别", 0, start)
    if at < 0:
        return _run_subject(sentence, start, memory)
    between = sentence[at:start]
    if re.search(r"[，,；;。]", between) and not re.search(r"[，,；;]\s*分别", sentence[:start]):
        return None
    k = len(re.findall(r"[、和及与]", between))
    opener = max(sentence.rfind(c, 0, at) for c in "，,；;：:。")
    items_text = _strip(re.sub(r"占.*$", "", _without(memory.places, sentence[opener + 1 : at])))
    items_text = re.sub(
        r"第?一、(?:第)?二、(?:第)?三(?:次)?产业", "第一产业、第二产业、第三产业", items_text
    )
    items = _items(items_text, _values_after(sentence, at))
    if len(items) == 1 and items[0].startswith("城乡"):
        items = ["城镇" + items[0][2:], "农村" + items[0][2:]]  # 城乡居民收入分别为…
    if len(items) < 2:
        said = items[0] if items else ""
        items = memory.sentence_items
        if k < len(items) and re.search(r"^对|贡献率$|比重$|增速$", said):
            # …比重分别为a、b，对经济增长的贡献率分别为x、y: the same items, another measure
            item = re.sub("增加值$", "", items[k]) if said.startswith("对") else items[k]
            return expand(item + said)
    else:
        items = _distribute(items)
        memory.sentence_items = items
    return expand(items[k]) if k < len(items) else None


_CAPACITY_AFTER = re.compile(
    r"\s*([^\d，,。；;、（()“”]{2,14}?)(?:深加工|生产|加工|制造)?"
    r"(?=项目|工程|生产线|基地|的|[，,。；;（(]|$)"
)


def _capacity(before: str, after: str) -> str | None:
    """年产33万吨饮料及乳制品生产项目, 可年产高纯石英管6000吨, 年出栏商品兔1000万只: what a
    project makes (raises, processes) in a year (naming.yaml: yearly)."""
    yearly = vocabulary().yearly
    verbs = "|".join(sorted(yearly, key=len, reverse=True))
    made = re.search(
        rf"年({verbs})(?:能力?)?([^\d，,。；;、（()“”]{{2,12}}?)(?:达到?|为|约|近)?\s*$", before
    )
    if made and not re.search("值|量|能", made.group(2)):
        return made.group(2) + yearly[made.group(1)]
    bare = re.search(rf"年({verbs})(?:能力?)?(?:达到?|为|约)?\s*$", before)
    product = _CAPACITY_AFTER.match(after) if bare else None
    return product.group(1) + yearly[bare.group(1)] if bare and product else None


def _bracketed_name(before: str) -> str | None:
    """占总人口比重(户籍人口城镇化率)为31.44%: the name in brackets names the figure."""
    match = re.search(r"[（(]([^（）()\d，,。；;]{2,16})[）)](?:为|达到?|是)?\s*$", before)
    if match is None:
        return None
    name = expand(_strip(match.group(1)))
    return name if head_of(name) else None


def _parallel(sentence: str, start: int, memory: Memory) -> Naming | None:
    """…分别为33810元、12403元，增长10%和14%: the growth of each item of the sentence's list."""
    items = memory.sentence_items
    breaks = list(_CLAUSE_END.finditer(sentence, 0, start))
    if len(items) < 2 or not breaks:
        return None
    clause = sentence[breaks[-1].end() : start]
    match = re.fullmatch(
        rf"\s*(?:同比|比上年|较上年)?({vocabulary().growth_words})(?:了)?\s*"
        r"((?:[-−]?[\d.]+\s*[%％]?\s*[、和及与]\s*)*)",
        clause,
    )
    if match is None:
        return None
    k = len(re.findall("[、和及与]", match.group(2)))
    if k >= len(items):
        return None
    sign = -1 if any(w in match.group(1) for w in vocabulary().decline) else 1
    return Naming(items[k] + "增速", items[k], "growth", sign)


def _items(text: str, values: int) -> list[str]:
    """食品烟酒、衣着、生活用品及服务和交通通信: 、 separates the items; 和, 及 and 与 join the
    last two only when the values say there is one more (生活用品及服务 is one item)."""
    if "、" not in text:
        return [i for i in re.split(r"[和及与]", text) if i]
    items = [i for i in text.split("、") if i]
    if values > len(items) and (last := re.split(r"[和及与]", items[-1])) and len(last) > 1:
        items = items[:-1] + [i for i in last if i]
    return items


def _values_after(sentence: str, at: int) -> int:
    """How many figures the run after 分别 lists (分别上涨3.1%、2.2%和1.5%: three)."""
    end = _CLAUSE_END.search(sentence, at + 2)
    run = sentence[at : end.start() if end else len(sentence)]
    return len(re.findall(r"[-−]?\d+(?:\.\d+)?", run))


def _run_subject(sentence: str, start: int, memory: Memory) -> str | None:
    """规模以上工业总产值、利润、税收达到x、y、z (no 分别): the k-th figure of the run."""
    opener = max(sentence.rfind(c, 0, start) for c in "，,；;：:。")
    clause = sentence[opener + 1 : start]
    if "、" in clause and _strip(clause.rsplit("、", 1)[-1]):
        return None  # 年产值14.5亿元、税收1.45亿元: the figure follows its own name
    run = re.search(r"(?:[\d.]+[^\d，,。；;、和]{0,4}[、和])+$", clause)
    k = len(re.findall(r"[、和]", run.group())) if run else 0
    head = clause[: run.start()] if run else clause
    verb = re.search(r"(?:分别)?(?:为|达到?|是|增长|下降|实现|完成)[^、]*$", head)
    items_text = _without(memory.places, head[: verb.start()] if verb else head)
    items = [i for i in re.split(r"[、]", _strip(items_text)) if i]
    if len(items) < 2 or k >= len(items):
        return None
    return expand(_distribute(items)[k])


def _without(places: tuple[str, ...], text: str) -> str:
    for place in places:
        text = text.replace(place, "")
    return text


def _listed_phrase(sentence: str, start: int) -> str:
    """分别出栏6.4万头、1342头: the verb after 分别 (出栏) completes each item's name."""
    at = sentence.rfind("分别", 0, start)
    match = re.match(
        r"分别([^\d，,。；;、]*?)(?:为|达到?|是|有)?(?=[\d一二三四五六七八九十两])", sentence[at:]
    )
    if match is None:
        return ""
    phrase = match.group(1)
    growth = vocabulary().growth.search(phrase)
    return _strip(phrase[: growth.start()] if growth else phrase)


def _distribute(items: list[str]) -> list[str]:
    """城、农村常住居民人均可支配收入 → 城镇…, 农村…; 一般公共预算收入和支出 → …收入, …支出."""
    first, last = items[0], items[-1]
    first_head, last_head = head_of(first), head_of(last)
    out = []
    prefixes = vocabulary().list_prefixes
    place = re.match(r"^[\u4e00-\u9fff]{1,4}?[省市县区]", last)
    if place and all(re.search("[省市县区]$", i) for i in items[:-1]) and len(last) > place.end():
        # 省、泉州市、南安市级重点项目: each place takes the last item's tail (级重点项目)
        tail = last[place.end() :]
        return [expand(i + tail) for i in items[:-1]] + [expand(last)]
    parallel = vocabulary().parallel
    for item in items:
        if head_of(item) is None and last_head is not None:
            alike = len(item) >= 2 and last[len(item) - 2 : len(item)] == item[-2:]  # 第一/三产业
            if item in prefixes or item in parallel or last[: len(item)] in parallel or alike:
                # 城、农村常住居民人均可支配收入: 城 stands for 城镇, before 农村's tail
                skip = len(prefixes.get(item, item))
                tail = last[skip:] if len(last) > len(last_head) + skip else last_head
                item = prefixes.get(item, item) + tail
            else:
                item = item + last_head  # 食品烟酒、衣着…价格: each item's 价格
        elif item == head_of(item) and first_head is not None and item != first:
            item = first[: -len(first_head)] + item
        out.append(expand(item))
    return out


def remember(memory: Memory, naming: Naming) -> None:
    memory.last = naming
    if naming.name and naming.mode in ("level", "growth", "share"):
        memory.last_name = naming.name
    if naming.subject and naming.mode in ("level", "growth", "share"):
        memory.sentence_subject = naming.subject
        if head_of(naming.subject):
            memory.topic = naming.subject


@cache
def _glossary() -> tuple[tuple[str, str], ...]:
    words: dict[str, str] = plain(package_file("glossary.yaml"))["words"]
    return tuple(sorted(words.items(), key=lambda item: len(item[0]), reverse=True))


def english_name(name: str) -> str:
    """第二产业投资增速 → "secondary industry investment growth"; unknown words stay as written."""
    out: list[str] = []
    pending = ""
    at = 0
    while at < len(name):
        for zh, en in _glossary():
            if name.startswith(zh, at):
                if pending:
                    out.append(pending)
                    pending = ""
                out.append(en)
                at += len(zh)
                break
        else:
            pending += name[at]
            at += 1
    if pending:
        out.append(pending)
    return " ".join(out)
