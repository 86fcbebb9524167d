"""What a figure looks like on the wire: value, unit, bounds, period and its provenance."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from app.models.vocab import ObservationKind, Qualifier, ReviewStatus


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IndicatorRef(Schema):
    """The catalogue entry a figure measures."""

    code: str = Field(examples=["gdp"])
    name_zh: str = Field(examples=["地区生产总值"])
    name_en: str = Field(examples=["Gross domestic product"])
    category: str = Field(examples=["economy"])


class EntityRef(Schema):
    """The place or thing a figure belongs to."""

    slug: str = Field(examples=["nanan-350583"])
    kind: str = Field(examples=["county"])
    name_zh: str = Field(examples=["南安市"])
    name_en: str | None = Field(examples=["Nan'an"])
    admin_code: str | None = Field(
        examples=["350583"], description="GB/T 2260 code, for administrative divisions."
    )


class Period(Schema):
    """The time a figure refers to: a year, a month range, a day, or a span of years."""

    label: str | None = Field(examples=["2021年"], description="As written in the report.")
    start: date | None = Field(examples=["2021-01-01"])
    end: date | None = Field(examples=["2021-12-31"])
    stated: bool = Field(
        default=True,
        examples=[True],
        description="False when the report states no period for the figure (a project's total "
        "investment, a site area): `start` and `end` are then the day the report was published, "
        "an 'as of publication' marker, not a period the figure measures.",
    )


class Display(Schema):
    """The figure as a person reads it."""

    zh: str = Field(examples=["1200亿元"])
    en: str = Field(examples=["120 billion yuan"])


class Cite(Schema):
    """A ready-made citation."""

    zh: str = Field(
        examples=["惠安县2022年地区生产总值1200亿元（来源：泉州晚报，《…》，2022-07-19）"]
    )
    en: str = Field(
        examples=["Hui'an gross domestic product, 2022: 120 billion yuan (source: …, 2022-07-19)"]
    )


class Span(Schema):
    start: int = Field(examples=[412], description="Offset of the first character, in code points.")
    end: int = Field(examples=[419], description="Offset after the last character.")


class Provenance(Schema):
    """Where a figure comes from: the report, the sentence, the exact characters."""

    source: str = Field(examples=["chuan-cheng-jin-jiang-jing-yan-gong-xiang-797e6de8"])
    title: str = Field(
        examples=["传承“晋江经验” 共享品质泉州|南安:实体兴市,幸福民生,打造“26℃之城”"]
    )
    publisher: str | None = Field(examples=["泉州晚报"])
    published: date | None = Field(examples=["2022-07-19"])
    url: str | None = Field(
        examples=[None], description="The original article; null when the report gives none."
    )
    quote: str = Field(examples=["全县地区生产总值从2015年的800亿元增长到2022年的1200亿元。"])
    surface: str = Field(examples=["1200亿元"], description="The figure exactly as written.")
    span: Span = Field(description="Where `surface` lies in the source's stored text.")
    quote_span: Span = Field(description="Where `quote` lies in the source's stored text.")
    article_link: str | None = Field(
        examples=["https://example.org/a.html#:~:text=1200%E4%BA%BF%E5%85%83"],
        description="A deep link to the sentence in the original article (URL text fragment).",
    )
    stored_copy: str = Field(
        examples=["http://127.0.0.1:8000/v1/sources/chuan-cheng-797e6de8/text#figure-12"],
        description="Our stored copy of the report with this figure highlighted.",
    )


class Extraction(Schema):
    method: str = Field(examples=["rules"], description="rules, or rules+review when corrected.")
    version: str = Field(examples=["1.0.0"])


class ObservationRead(Schema):
    """One figure found in a report."""

    id: int = Field(examples=[12])
    indicator: IndicatorRef
    entity: EntityRef
    value: float = Field(examples=[120000000000], description="In base units (亿元 -> CNY).")
    unit: str = Field(examples=["CNY"])
    value_low: float | None = Field(
        examples=[120000000000], description="Lowest value the text allows; null when unbounded."
    )
    value_high: float | None = Field(
        examples=[120000000000], description="Highest value the text allows; null when unbounded."
    )
    qualifier: Qualifier = Field(examples=["exact"])
    qualifier_text: str | None = Field(examples=[None], description="As written: 近, 余, 超, 以上…")
    counter: str | None = Field(examples=[None], description="The classifier as written: 栋, 家…")
    area_m2: float | None = Field(
        default=None, examples=[None], description="For figures in mu (亩): the area in m²."
    )
    display: Display
    kind: ObservationKind = Field(examples=["actual"])
    period: Period
    status: ReviewStatus = Field(examples=["extracted"])
    review_note: str | None = Field(default=None, examples=[None])
    cite: Cite
    provenance: Provenance
    extraction: Extraction
    updated_at: datetime = Field(examples=["2026-11-22T02:44:39Z"])


class ObservationPage(Schema):
    """A page of figures with a link to the next."""

    items: list[ObservationRead]
    next: str | None = Field(
        examples=["http://127.0.0.1:8000/v1/observations?limit=50&cursor=eyJrIjpbMTJdfQ"],
        description="The next page; present while more remains, null on the last page.",
    )
    limit: int = Field(examples=[50])


KINDS = [k.value for k in ObservationKind]
QUALIFIERS = [q.value for q in Qualifier]
