"""Reports submitted over HTTP: the body read whatever its form and encoding."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from app.errors import Unprocessable, UnsupportedMediaType
from app.extraction.loader import (
    Format,
    ReportError,
    UnsupportedFormat,
    decode,
)
from app.schemas.writes import SourceCreate

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


def charset(content_type: str | None) -> str | None:
    """The `charset` parameter of a Content-Type header, if it gives one."""
    for parameter in (content_type or "").split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip(' "'):
            return value.strip(' "')
    return None


def _text(data: bytes, content_type: str | None) -> str:
    try:
        return decode(data, charset(content_type))
    except UnsupportedFormat as exc:
        raise UnsupportedMediaType(str(exc)) from None
    except ReportError as exc:
        raise UnsupportedMediaType(f"{exc}; send UTF-8 text") from None


async def read_submission(request: Request) -> SourceCreate:
    """A JSON body, a multipart upload (field `file` plus optional metadata), or raw text."""
    header = request.headers.get("content-type", "")
    content_type = header.split(";")[0].strip().lower()
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
            text = _text(await upload.read(), upload.content_type)
            fields = {k: v for k, v in form.items() if k != "file" and isinstance(v, str) and v}
        return _payload({**fields, "text": text})
    if content_type in TEXT_TYPES:
        text = _text(await request.body(), header)
        return _payload({"text": text, "format": TEXT_TYPES[content_type]})
    raise UnsupportedMediaType(
        "send application/json, multipart/form-data, or text/plain|html|markdown"
    )
