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
    url: str | None  # the report's address, when known
    article: str | None  # a deep link to the sentence in it
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
    return Figure(
        id=data["id"],
        display=data["display"][lang],
        indicator=name(data["indicator"], lang),
        period=data["period"]["label"],
        before=quote[:start],
        surface=quote[start:end],
        after=quote[end:],
        title=provenance["title"],
        publisher=provenance["publisher"],
        published=provenance["published"],
        stored_copy=local_link(provenance["stored_copy"]),
        url=provenance["url"],
        article=provenance["article_link"],
        approximate=data["qualifier"] != "exact",
        source=provenance["source"],
    )


def name(named: dict[str, Any], lang: str) -> str:
    """An entity's or indicator's name in `lang`, the Chinese one when it has no English one."""
    return str((named.get("name_en") if lang == "en" else None) or named["name_zh"])
