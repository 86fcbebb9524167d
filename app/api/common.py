"""Shared pieces of the v1 routers: strict query strings, CSV, next links."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Annotated, Any

import orjson
from fastapi import Depends, Query, Request
from fastapi.responses import Response
from fastapi.routing import APIRoute
from pydantic import BaseModel

from app.errors import BadRequest
from app.services.observations import FIELDS_PATTERN

CSV_MEDIA_TYPE = "text/csv; charset=utf-8"
JSON_MAX_LIMIT = 500
CSV_MAX_LIMIT = 10_000

CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {
        "content": {
            "text/csv": {
                "schema": {"type": "string"},
                "example": "\ufeffid,indicator,value,unit\n12,gdp,120000000000,CNY\n",
            }
        },
        "description": "JSON by default; CSV (UTF-8 with BOM) with `?format=csv` "
        "or `Accept: text/csv`.",
    }
}


# Dependencies are `async def` so FastAPI runs them inline, not in its thread pool.
async def reject_unknown_parameters(request: Request) -> None:
    """Unknown query parameters are a client's mistake worth telling: 400, not silence."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known: set[str] = set()
    several: set[str] = set()  # parameters that take several values
    for dependant in (route.dependant, *route.dependant.dependencies):
        for param in dependant.query_params:
            model = param.field_info.annotation
            if isinstance(model, type) and issubclass(model, BaseModel):  # a query model
                for name, field in model.model_fields.items():
                    known.add(field.alias or name)
                    if "list[" in str(field.annotation):
                        several.add(field.alias or name)
            else:
                known.add(param.alias)
    values = [*request.query_params.values(), *map(str, request.path_params.values())]
    if any("\x00" in value for value in values):
        raise BadRequest("NUL characters are not allowed in the URL")
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise BadRequest(
            f"unknown query parameter{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}",
            allowed=sorted(known),
        )
    for name in set(request.query_params) - several:
        if len(request.query_params.getlist(name)) > 1:
            raise BadRequest(f"{name} takes one value; it was given more than once")


StrictQuery = Depends(reject_unknown_parameters)


async def output_format(
    request: Request,
    format: Annotated[
        str | None,
        Query(pattern="^(json|csv)$", description="`csv` for a spreadsheet (UTF-8 with BOM)."),
    ] = None,
) -> str:
    if format:
        return format
    accept = request.headers.get("accept", "")
    return "csv" if "text/csv" in accept and "application/json" not in accept else "json"


FormatDep = Annotated[str, Depends(output_format)]


async def page_limit(
    fmt: FormatDep,
    limit: Annotated[
        int | None,
        Query(
            ge=1,
            le=CSV_MAX_LIMIT,
            description=f"Items per page (default 50 in JSON, {CSV_MAX_LIMIT} in CSV). A JSON "
            f"page holds at most {JSON_MAX_LIMIT}; a larger limit gets {JSON_MAX_LIMIT}, and the "
            "page's `limit` says so.",
        ),
    ] = None,
) -> int:
    if limit is None:
        return CSV_MAX_LIMIT if fmt == "csv" else 50
    return limit if fmt == "csv" else min(limit, JSON_MAX_LIMIT)


LimitDep = Annotated[int, Depends(page_limit)]
CursorDep = Annotated[
    int | None,
    Query(
        ge=0,
        le=2**62,
        description="The id of the last item of the page before, as the `next` link gives it.",
        examples=[120],
    ),
]


def public_url(request: Request) -> str:
    """The base of the links we hand out: the configured public URL, else the address the
    request came to (so a server on port 8100 links to port 8100)."""
    configured: str | None = request.app.state.settings.county_public_url
    return (configured or str(request.base_url)).rstrip("/")


def next_link(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    return str(request.url.include_query_params(cursor=cursor))


class JSONModelResponse(Response):
    """A response model serialized once, by pydantic's Rust serializer.

    Returning it skips FastAPI's second validation of the response model; the route still
    declares `response_model` for the OpenAPI document.
    """

    media_type = "application/json"

    def __init__(self, model: BaseModel, status_code: int = 200) -> None:
        super().__init__(model.__pydantic_serializer__.to_json(model), status_code=status_code)


def json_response(data: Any) -> Response:
    """Plain data (dicts, lists, dates, UTC datetimes) encoded by orjson, timestamps as `…Z`
    like pydantic's."""
    return Response(orjson.dumps(data, option=orjson.OPT_UTC_Z), media_type="application/json")


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return int(value)  # 120000000000, not 120000000000.0
    return value


def csv_lines(rows: Iterable[Sequence[object]], bom: bool = False) -> bytes:
    """CSV rows as UTF-8 bytes (with the BOM spreadsheets need, for a file's first chunk)."""
    buffer = io.StringIO()
    if bom:
        buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    next_url: str | None = None,
    name: str = "export",
) -> Response:
    body = csv_lines([header], bom=True) + csv_lines(rows)
    headers = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    return Response(body, media_type=CSV_MEDIA_TYPE, headers=headers)


async def sparse_fields(
    fields: Annotated[
        str | None,
        Query(
            pattern=FIELDS_PATTERN,
            description="Only these fields of each figure, comma-separated dotted paths "
            "(`id,value,period.start,provenance.quote`); a group such as `provenance` keeps "
            "all of it. JSON only.",
            examples=["id,value,unit,period"],
        ),
    ] = None,
) -> list[str] | None:
    return fields.split(",") if fields else None


FieldsDep = Annotated[list[str] | None, Depends(sparse_fields)]
