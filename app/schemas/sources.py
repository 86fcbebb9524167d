"""Reports as stored: metadata, figures and the text every span indexes."""

from datetime import date, datetime

from pydantic import BaseModel, Field

from app.schemas.observations import ObservationRead


class SourceRead(BaseModel):
    """A report's metadata."""

    slug: str = Field(examples=["tui-jin-chan-cheng-ren-wen-shen-du-99dce5ab"])
    title: str = Field(examples=["推进“产城人文”深度融合发展"])
    publisher: str | None = Field(examples=["泉州晚报"])
    url: str | None = Field(
        examples=["http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2022"]
    )
    published: date | None = Field(examples=["2022-02-16"])
    language: str = Field(examples=["zh"])
    format: str = Field(examples=["markdown"])
    sha256: str = Field(examples=["99dce5ab" + "0" * 56])
    characters: int = Field(examples=[2101], description="Length of the stored text.")
    figures: int = Field(examples=[21])
    origin: dict[str, str] = Field(examples=[{"file": "reports/001_094da2e9a2d42d36.txt"}])
    retrieved_at: datetime | None = Field(
        examples=["2026-11-22T00:00:00Z"], description="When the report was fetched, if known."
    )
    ingested_at: datetime = Field(examples=["2026-11-22T02:44:39Z"])
    text_url: str = Field(examples=["http://127.0.0.1:8000/v1/sources/tui-jin-99dce5ab/text"])


class SourcePage(BaseModel):
    items: list[SourceRead]
    next: str | None = Field(examples=[None])


class SourceDetail(SourceRead):
    observations: list[ObservationRead]
