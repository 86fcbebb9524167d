"""Views built from figures: time series, GDP growth, park progress, projects, volunteers."""

from datetime import date

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
        description="Why this observation is preferred when several give the period.",
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


class VolunteerSummary(BaseModel):
    """Volunteer service figures of a place, the preferred figure per indicator."""

    entity: EntityRef
    figures: dict[str, ObservationRead]
