"""Turn /v1 figure JSON into what the page shows: the number, its sentence, its links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Figure:
    id: int
    display: str
    indicator: str
    period: str | None
    before: str  # the quote up to the figure
    surface: str  # the figure as written in the report
    after: str
    title: str
    publisher: str | None
    published: str | None
    stored_copy: str
    article: str | None
    approximate: bool
    source: str


def local_link(url: str) -> str:
    """The path of one of our own links, so it works on whatever host serves the page."""
    parts = urlsplit(url)
    return (
        parts.path
        + (f"?{parts.query}" if parts.query else "")
        + (f"#{parts.fragment}" if parts.fragment else "")
    )


def figure(data: dict[str, Any], lang: str) -> Figure:
    provenance = data["provenance"]
    quote: str = provenance["quote"]
    start = provenance["span"]["start"] - provenance["quote_span"]["start"]
    end = provenance["span"]["end"] - provenance["quote_span"]["start"]
    indicator = data["indicator"]
    return Figure(
        id=data["id"],
        display=data["display"][lang],
        indicator=(indicator["name_en"] if lang == "en" else None) or indicator["name_zh"],
        period=data["period"]["label"],
        before=quote[:start],
        surface=quote[start:end],
        after=quote[end:],
        title=provenance["title"],
        publisher=provenance["publisher"],
        published=provenance["published"],
        stored_copy=local_link(provenance["stored_copy"]),
        article=provenance["article_link"],
        approximate=data["qualifier"] != "exact",
        source=provenance["source"],
    )


def name(entity: dict[str, Any], lang: str) -> str:
    return str((entity.get("name_en") if lang == "en" else None) or entity["name_zh"])
