"""Reports submitted over HTTP: read the body whatever its form, parse within a time limit."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from app.errors import Unprocessable, UnsupportedMediaType
from app.extraction.figures import Extraction
from app.extraction.loader import Document, Format, ReportError, decode, load
from app.schemas.writes import SourceCreate
from app.services.ingest import run_parser

TEXT_TYPES: dict[str, Format | None] = {
    "text/plain": "text",
    "text/html": "html",
    "text/markdown": "markdown",
}


def _payload(fields: dict[str, Any]) -> SourceCreate:
    try:
        return SourceCreate.model_validate(fields)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None


def _utf8(data: bytes) -> str:
    try:
        return decode(data)
    except ReportError as exc:
        raise UnsupportedMediaType(f"{exc}; send UTF-8 text") from None


async def read_submission(request: Request) -> SourceCreate:
    """A JSON body, a multipart upload (field `file` plus optional metadata), or raw text."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        body = await request.body()
        try:
            return SourceCreate.model_validate_json(body)
        except ValidationError as exc:
            raise RequestValidationError(exc.errors()) from None
    if content_type == "multipart/form-data":
        async with request.form() as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Unprocessable("file: a multipart submission needs a `file` part")
            text = _utf8(await upload.read())
            fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v}
        return _payload({**fields, "text": text})
    if content_type in TEXT_TYPES:
        return _payload({"text": _utf8(await request.body()), "format": TEXT_TYPES[content_type]})
    raise UnsupportedMediaType(
        "send application/json, multipart/form-data, or text/plain|html|markdown (UTF-8)"
    )


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


async def parse_within(document: Document, seconds: float) -> Extraction:
    """Run the parser off the event loop; give up (422) past the time limit."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(run_parser, document), timeout=seconds)
    except TimeoutError:
        raise Unprocessable(
            f"the parser did not finish within {seconds:g} s; split the report into smaller parts"
        ) from None
