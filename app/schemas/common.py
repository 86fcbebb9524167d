"""Schemas shared by every resource: the problem document and list envelopes."""

import re
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field


class Problem(BaseModel):
    """An error, as RFC 9457 problem details (`application/problem+json`)."""

    type: str = Field(default="about:blank", examples=["about:blank"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no entity with slug or code 'atlantis'"])
    instance: str = Field(examples=["/v1/entities/atlantis"])


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Bad request: an unknown query parameter or a malformed cursor",
        401: "No valid API key",
        403: "The key's scope is too small",
        404: "Not found",
        405: "Method not allowed",
        409: "Conflict",
        413: "Request too large",
        415: "Unsupported media type",
        422: "A parameter or body field has a bad value",
        429: "Too many requests",
        503: "The database is unavailable",
    }
    return {
        status: {
            "model": Problem,
            "description": descriptions[status],
            "content": {
                "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
            },
        }
        for status in statuses
    }


READ_PROBLEMS = problem_responses(400, 404, 422, 503)


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})")


def _rfc3339(value: object) -> object:
    """A time as JSON Schema's `date-time` has it (RFC 3339: date, time and offset), no more:
    the schema is the contract, so dates alone and Unix seconds are not guessed at."""
    if isinstance(value, datetime) and value.tzinfo is not None:  # from code, not a URL
        return value
    if not isinstance(value, str) or not _RFC3339.fullmatch(value.upper()):
        raise ValueError("give a time as in RFC 3339, e.g. 2026-11-22T00:00:00Z")
    return datetime.fromisoformat(value.upper())


RFC3339 = Annotated[datetime, BeforeValidator(_rfc3339)]
