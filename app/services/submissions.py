"""A submitted report as a document the parser reads, with the metadata given winning."""

from __future__ import annotations

from dataclasses import replace

from app.errors import Unprocessable
from app.extraction.loader import Document, ReportError, load
from app.schemas.writes import SourceCreate


def to_document(payload: SourceCreate) -> Document:
    try:
        document = load(payload.text, fmt=payload.format, name="the submitted report")
    except ReportError as exc:
        raise Unprocessable(str(exc)) from None
    return replace(
        document,
        title=payload.title or document.title,
        publisher=payload.publisher or document.publisher,
        url=str(payload.url) if payload.url else document.url,
        published=payload.published or document.published,
    )
