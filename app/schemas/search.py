from typing import Literal

from pydantic import BaseModel, Field

from app.schemas.observations import ObservationRead


class SearchHit(BaseModel):
    """A match: a figure (by its sentence), an indicator or an entity."""

    type: Literal["observation", "indicator", "entity"] = Field(examples=["observation"])
    score: float = Field(
        examples=[1.3], description="Higher is better; comparable within a response."
    )
    title: str = Field(examples=["南安市 · 地区生产总值 · 1536亿元"])
    snippet: str | None = Field(examples=["经济总量从2012年的659亿元跃升到2021年的1536亿元,…"])
    link: str = Field(examples=["http://127.0.0.1:8000/v1/observations/12"])
    observation: ObservationRead | None = None


class SearchResults(BaseModel):
    query: str = Field(examples=["志愿者"])
    items: list[SearchHit]
