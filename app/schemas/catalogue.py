"""The indicator catalogue and the entities figures belong to."""

from pydantic import BaseModel, ConfigDict, Field


class IndicatorRead(BaseModel):
    """An indicator of the catalogue."""

    model_config = ConfigDict(from_attributes=True)

    code: str = Field(examples=["gdp"])
    name_zh: str = Field(examples=["地区生产总值"])
    name_en: str = Field(examples=["Gross domestic product"])
    unit: str = Field(examples=["CNY"], description="Canonical unit of its figures.")
    category: str = Field(examples=["economy"])
    description: str = Field(examples=["Total value of goods and services produced in a year."])
    broader: str | None = Field(
        default=None,
        examples=[None],
        description="The catalogue indicator this one narrows, if any (a phase's investment "
        "narrows `investment_planned`).",
    )
    observations: int = Field(examples=[2], description="Figures currently served.")


class IndicatorList(BaseModel):
    items: list[IndicatorRead]


class EntityRead(BaseModel):
    """A place or thing: a county, a park, a company, a project."""

    model_config = ConfigDict(from_attributes=True)

    slug: str = Field(examples=["nanan-350583"])
    kind: str = Field(examples=["county"])
    name_zh: str = Field(examples=["南安市"])
    name_en: str | None = Field(examples=["Nan'an"])
    admin_code: str | None = Field(examples=["350583"], description="GB/T 2260 code.")
    parent: str | None = Field(examples=["quanzhou-350500"], description="The parent's slug.")
    observations: int = Field(examples=[58], description="Figures currently served.")


class EntityPage(BaseModel):
    items: list[EntityRead]
    next: str | None = Field(examples=[None], description="The next page, while more remains.")
