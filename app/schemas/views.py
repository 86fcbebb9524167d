"""Views built from figures: time series, GDP growth, park progress, projects, volunteers."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from app.schemas.observations import Display, EntityRef, IndicatorRef, ObservationRead, Period


class SeriesPoint(BaseModel):
    """One period of a series: the preferred figure and every figure reported for it."""

    period: Period
    kind: str = Field(examples=["actual"])
    value: float = Field(examples=[120000000000], description="The preferred figure's value.")
    display: Display
    preferred: int = Field(examples=[12], description="Id of the preferred observation.")
    reason: str = Field(
        examples=["the only figure for this period"],
        description="The rule that decided which observation is shown when several give the "
        "period: reviewed, official publisher, more precise, exact, dated, more recent.",
    )
    conflict: bool = Field(
        default=False, examples=[False], description="True when the reports give different values."
    )
    spread: list[float] | None = Field(
        default=None,
        examples=[None],
        description="The lowest and highest value reported for the period, when they disagree.",
    )
    sources: list[str] = Field(
        default_factory=list,
        examples=[["chuan-cheng-jin-jiang-jing-yan-gong-xiang-797e6de8"]],
        description="Every report giving the period.",
    )
    observations: list[ObservationRead]


class Series(BaseModel):
    """A time series for charts, oldest first."""

    entity: EntityRef
    indicator: IndicatorRef
    unit: str = Field(examples=["CNY"])
    points: list[SeriesPoint]


class Growth(BaseModel):
    """Compound annual growth between two points of a series: derived, not reported."""

    derived: bool = Field(default=True, examples=[True])
    start: date = Field(examples=["2015-01-01"])
    end: date = Field(examples=["2022-12-31"])
    years: int = Field(examples=[7])
    cagr_percent: float = Field(examples=[5.96])
    formula: str = Field(examples=["(1200亿元 / 800亿元)^(1/7) - 1"])
    from_observations: list[int] = Field(examples=[[11, 12]])


class GdpSeries(Series):
    growth: list[Growth]


class Ratio(BaseModel):
    """A progress ratio a dashboard shows as a bar, with the figures it is derived from."""

    code: str = Field(examples=["buildings_completed_share"])
    label_zh: str = Field(examples=["厂房建成比例"])
    label_en: str = Field(examples=["Buildings completed"])
    value: float = Field(
        examples=[0.6], description="Between 0 and 1 (may exceed 1 if reported so)."
    )
    numerator: list[int] = Field(examples=[[21]], description="Observation ids added up above.")
    denominator: list[int] = Field(
        examples=[[21, 23]], description="Observation ids added up below."
    )
    approximate: bool = Field(examples=[False], description="True when a figure is qualified.")


class TimelineEntry(BaseModel):
    period: Period
    observation: int = Field(examples=[21])
    summary: str = Field(examples=["已建成厂房 9栋"])


class ParkSummary(BaseModel):
    entity: EntityRef
    parent: str | None = Field(examples=["nanan-350583"])
    figures: int = Field(examples=[16])
    ratios: list[Ratio]


class ParkList(BaseModel):
    items: list[ParkSummary]
    next: str | None = Field(
        default=None,
        examples=[None],
        description="The next page, while more remains; null on the last.",
    )


class ParkRead(BaseModel):
    """An industrial park's progress: the latest figure per indicator, ratios and a timeline."""

    entity: EntityRef
    parent: str | None = Field(examples=["nanan-350583"])
    progress: dict[str, ObservationRead] = Field(
        description="The preferred figure per indicator code (park_land_planned, ...)."
    )
    ratios: list[Ratio]
    timeline: list[TimelineEntry]
    observations: list[ObservationRead]


class ProjectRead(BaseModel):
    """An investment project (or a park or company carrying investment figures)."""

    entity: EntityRef
    parent: str | None = Field(examples=["nanan-350583"])
    status: str = Field(
        examples=["under construction"], description="planned, signed or under construction"
    )
    planned: ObservationRead | None
    signed: ObservationRead | None
    invested: ObservationRead | None
    observations: list[ObservationRead]


class ProjectList(BaseModel):
    items: list[ProjectRead]
    next: str | None = Field(
        default=None,
        examples=[None],
        description="The next page, while more remains; null on the last.",
    )


class VolunteerSummary(BaseModel):
    """Volunteer service figures of a place, the preferred figure per indicator."""

    entity: EntityRef
    figures: dict[str, ObservationRead]


class CompactPoint(BaseModel):
    """One period of a place's series, as a chart needs it."""

    value: float = Field(examples=[120500000000], description="The preferred figure's value.")
    low: float | None = Field(examples=[120500000000], description="Lowest value the text allows.")
    high: float | None = Field(examples=[120500000000], description="Highest value it allows.")
    qualifier: str = Field(examples=["exact"])
    conflict: bool = Field(examples=[False], description="Reports disagree for this period.")
    observation: int = Field(examples=[12], description="The preferred figure's id.")
    link: str = Field(
        examples=["http://127.0.0.1:8000/v1/observations/12"],
        description="The preferred figure, with its sentence and source.",
    )


class PeriodKey(BaseModel):
    label: str | None = Field(examples=["2021年"])
    start: date | None = Field(examples=["2021-01-01"])
    end: date | None = Field(examples=["2021-12-31"])


class PlaceSeries(BaseModel):
    entity: EntityRef
    points: list[CompactPoint | None] = Field(
        description="One per period of the comparison, in its order; null where the place has "
        "no figure for that period."
    )


class Comparison(BaseModel):
    """One indicator for several places over a span, shaped for a chart: places × periods."""

    indicator: IndicatorRef
    unit: str = Field(examples=["CNY"])
    kind: str = Field(examples=["actual"])
    periods: list[PeriodKey]
    places: list[PlaceSeries]


class Facet(BaseModel):
    """Figures of one place (or one indicator): how many, over which periods."""

    key: str = Field(examples=["nanan-350583"], description="The place's slug or indicator code.")
    name_zh: str = Field(examples=["南安市"])
    admin_code: str | None = Field(default=None, examples=["350583"])
    first: date | None = Field(examples=["2012-01-01"], description="Start of the first period.")
    last: date | None = Field(examples=["2022-12-31"], description="End of the last period.")
    count: int = Field(examples=[11])


class Coverage(BaseModel):
    """Which places have figures for an indicator, and when they last changed."""

    indicator: IndicatorRef
    places: list[Facet]
    last_changed: datetime | None = Field(examples=["2026-11-22T02:44:39Z"])


class PlaceFacets(BaseModel):
    """The indicators a place has figures for, with their periods and counts."""

    entity: EntityRef
    indicators: list[Facet]
    last_changed: datetime | None = Field(examples=["2026-11-22T02:44:39Z"])


class Latest(BaseModel):
    """A place's most recent period for an indicator, and its preferred figure."""

    entity: EntityRef
    period: PeriodKey
    point: CompactPoint


class LatestList(BaseModel):
    """The latest value of one indicator in each place, for a map or a table."""

    indicator: IndicatorRef
    unit: str = Field(examples=["CNY"])
    items: list[Latest]
