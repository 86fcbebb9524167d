from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.observations import ObservationRead


class SearchHit(BaseModel):
    """A match: a figure (by its sentence), an indicator or an entity."""

    type: Literal["observation", "indicator", "entity"] = Field(examples=["observation"])
    score: float = Field(
        examples=[1.3], description="Higher is better; comparable within a response."
    )
    title: str = Field(examples=["南安市 · 地区生产总值 · 1200亿元"])
    snippet: str | None = Field(
        examples=["全县地区生产总值从2015年的800亿元增长到2022年的1200亿元。"]
    )
    link: str = Field(examples=["http://127.0.0.1:8000/v1/observations/12"])
    observation: ObservationRead | None = None


class SearchResults(BaseModel):
    query: str = Field(examples=["志愿者"])
    items: list[SearchHit]
