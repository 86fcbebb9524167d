"""What a figure looks like on the wire: value, unit, bounds, period and its provenance."""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from app.models.vocab import ObservationKind, Qualifier, ReviewStatus
from app.schemas.columns import From, Prefix


class Schema(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class IndicatorRef(Schema):
    """The catalogue entry a figure measures."""

    code: Annotated[str, From("code", csv="indicator")] = Field(examples=["gdp"])
    name_zh: Annotated[str, From("name_zh")] = Field(examples=["地区生产总值"])
    name_en: Annotated[str, From("name_en")] = Field(examples=["Gross domestic product"])
    category: Annotated[str, From("category", csv=False)] = Field(examples=["economy"])
    broader: Annotated[str | None, From("broader_code", csv=False)] = Field(
        examples=[None],
        description="The catalogue indicator this one narrows (一期计划总投资 narrows "
        "`investment_planned`), for indicators the parser named from a report.",
    )


class EntityRef(Schema):
    """The place or thing a figure belongs to."""

    slug: Annotated[str, From("slug", csv="entity")] = Field(examples=["nanan-350583"])
    kind: Annotated[str, From("kind", csv=False)] = Field(examples=["county"])
    name_zh: Annotated[str, From("name_zh")] = Field(examples=["南安市"])
    name_en: Annotated[str | None, From("name_en", csv=False)] = Field(examples=["Nan'an"])
    admin_code: Annotated[str | None, From("admin_code", csv="admin_code")] = Field(
        examples=["350583"], description="GB/T 2260 code, for administrative divisions."
    )


class Period(Schema):
    """The time a figure refers to: a year, a month range, a day, or a span of years."""

    label: Annotated[str | None, From("label")] = Field(
        examples=["2021年"], description="As written in the report."
    )
    start: Annotated[date | None, From("start")] = Field(examples=["2021-01-01"])
    end: Annotated[date | None, From("end")] = Field(examples=["2021-12-31"])
    stated: Annotated[bool, From("stated", derived=True, csv=False)] = Field(
        default=True,
        examples=[True],
        description="False when the report states no period for the figure (a project's total "
        "investment, a site area): `start` and `end` are then the day the report was published, "
        "an 'as of publication' marker, not a period the figure measures.",
    )


class Display(Schema):
    """The figure as a person reads it."""

    zh: Annotated[str, From("zh", derived=True)] = Field(examples=["1200亿元"])
    en: Annotated[str, From("en", derived=True)] = Field(examples=["120 billion yuan"])


class Cite(Schema):
    """A ready-made citation."""

    zh: Annotated[str, From("zh", derived=True)] = Field(
        examples=["惠安县2022年地区生产总值1200亿元（来源：泉州晚报，《…》，2022-07-19）"]
    )
    en: Annotated[str, From("en", derived=True)] = Field(
        examples=["Hui'an gross domestic product, 2022: 120 billion yuan (source: …, 2022-07-19)"]
    )


class Span(Schema):
    start: Annotated[int, From("start")] = Field(
        examples=[412], description="Offset of the first character, in code points."
    )
    end: Annotated[int, From("end")] = Field(
        examples=[419], description="Offset after the last character."
    )


class Provenance(Schema):
    """Where a figure comes from: the report, the sentence, the exact characters."""

    source: Annotated[str, From("source_slug", csv="source")] = Field(
        examples=["chuan-cheng-jin-jiang-jing-yan-gong-xiang-797e6de8"]
    )
    title: Annotated[str, From("source_title")] = Field(
        examples=["传承“晋江经验” 共享品质泉州|南安:实体兴市,幸福民生,打造“26℃之城”"]
    )
    publisher: Annotated[str | None, From("source_publisher", csv="publisher")] = Field(
        examples=["泉州晚报"]
    )
    published: Annotated[date | None, From("source_published", csv="published")] = Field(
        examples=["2022-07-19"]
    )
    url: Annotated[str | None, From("source_url", csv="url")] = Field(
        examples=[None], description="The original article; null when the report gives none."
    )
    quote: Annotated[str, From("quote")] = Field(
        examples=["全县地区生产总值从2015年的800亿元增长到2022年的1200亿元。"]
    )
    surface: Annotated[str, From("surface", csv=False)] = Field(
        examples=["1200亿元"], description="The figure exactly as written."
    )
    span: Annotated[Span, Prefix("span_")] = Field(
        description="Where `surface` lies in the source's stored text."
    )
    quote_span: Annotated[Span, Prefix("quote_", csv=False)] = Field(
        description="Where `quote` lies in the source's stored text."
    )
    paragraph: Annotated[int | None, From("paragraph")] = Field(
        examples=[4], description="The paragraph of the stored text the figure is in, from 1."
    )
    article_link: Annotated[str | None, From("article_link", derived=True)] = Field(
        examples=["https://example.org/a.html#:~:text=1200%E4%BA%BF%E5%85%83"],
        description="A deep link to the sentence in the original article (URL text fragment).",
    )
    stored_copy: Annotated[str, From("stored_copy", derived=True)] = Field(
        examples=["http://127.0.0.1:8000/v1/sources/chuan-cheng-797e6de8/text#figure-12"],
        description="Our stored copy of the report with this figure highlighted.",
    )


class Extraction(Schema):
    method: Annotated[str, From("method")] = Field(
        examples=["rules"], description="rules, or rules+review when corrected."
    )
    version: Annotated[str, From("version")] = Field(examples=["1.0.0"])


class ObservationRead(Schema):
    """One figure found in a report."""

    id: Annotated[int, From("id")] = Field(examples=[12])
    indicator: Annotated[IndicatorRef, Prefix("indicator_")]
    entity: Annotated[EntityRef, Prefix("entity_")]
    value: Annotated[float, From("value")] = Field(
        examples=[120000000000], description="In base units (亿元 -> CNY)."
    )
    unit: Annotated[str, From("unit")] = Field(examples=["CNY"])
    value_low: Annotated[float | None, From("value_low")] = Field(
        examples=[120000000000], description="Lowest value the text allows; null when unbounded."
    )
    value_high: Annotated[float | None, From("value_high")] = Field(
        examples=[120000000000], description="Highest value the text allows; null when unbounded."
    )
    qualifier: Annotated[Qualifier, From("qualifier")] = Field(examples=["exact"])
    qualifier_text: Annotated[str | None, From("qualifier_text")] = Field(
        examples=[None], description="As written: 近, 余, 超, 以上…"
    )
    counter: Annotated[str | None, From("counter", csv=False)] = Field(
        examples=[None], description="The classifier as written: 栋, 家…"
    )
    area_m2: Annotated[float | None, From("area_m2", derived=True, csv=False)] = Field(
        default=None, examples=[None], description="For figures in mu (亩): the area in m²."
    )
    display: Annotated[Display, Prefix("display_")]
    kind: Annotated[ObservationKind, From("kind")] = Field(examples=["actual"])
    period: Annotated[Period, Prefix("period_")]
    status: Annotated[ReviewStatus, From("status")] = Field(examples=["extracted"])
    review_note: Annotated[str | None, From("review_note", csv=False)] = Field(
        default=None, examples=[None]
    )
    cite: Annotated[Cite, Prefix("cite_", csv=False)]
    provenance: Provenance
    extraction: Annotated[Extraction, Prefix("extraction_", csv=False)]
    updated_at: Annotated[datetime, From("updated_at", csv=False)] = Field(
        examples=["2026-11-22T02:44:39Z"]
    )


class ObservationPage(Schema):
    """A page of figures with a link to the next."""

    items: list[ObservationRead | dict[str, Any]] = Field(
        description="The figures; with `fields=`, each holds only the fields asked for."
    )
    next: str | None = Field(
        examples=["http://127.0.0.1:8000/v1/observations?limit=50&cursor=eyJrIjpbMTJdfQ"],
        description="The next page; present while more remains, null on the last page.",
    )
    limit: int = Field(examples=[50])


KINDS = [k.value for k in ObservationKind]
QUALIFIERS = [q.value for q in Qualifier]
