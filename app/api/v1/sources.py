"""/v1/sources: reports, their figures and their stored text."""

from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response
from sqlalchemy.ext.asyncio import AsyncSession

from app.api.auth import AdminDep, WriterDep
from app.api.common import (
    CSV_RESPONSE,
    CursorDep,
    FormatDep,
    StrictQuery,
    csv_response,
    next_link,
    public_url,
)
from app.api.submissions import read_submission
from app.db import ReadSessionDep, SessionDep
from app.models import Source
from app.schemas.common import READ_PROBLEMS, problem_responses
from app.schemas.sources import SourceDetail, SourcePage, SourceRead
from app.schemas.writes import SOME_TEXT
from app.services import observations as obs
from app.services import parsing, submissions
from app.services import sources as service
from app.services.ingest import find_source, ingest

router = APIRouter(prefix="/sources", tags=["sources"], dependencies=[StrictQuery])
Slug = Annotated[
    str, Path(max_length=120, examples=["tui-jin-chan-cheng-ren-wen-shen-du-99dce5ab"])
]


@router.get(
    "",
    operation_id="list_sources",
    summary="Reports",
    response_model=SourcePage,
    responses={**READ_PROBLEMS, **CSV_RESPONSE},
)
async def list_sources(
    request: Request,
    session: ReadSessionDep,
    fmt: FormatDep,
    limit: Annotated[int, Query(ge=1, le=500, description="Items per page.")] = 50,
    cursor: CursorDep = None,
) -> SourcePage | Response:
    """Every report's metadata, oldest first."""
    after = cursor
    base = public_url(request)
    items, last = await service.list_sources(session, base, limit, after)
    following = next_link(request, str(last) if last is not None else None)
    if fmt == "csv":
        header = [f for f in SourceRead.model_fields if f != "origin"]
        return csv_response(
            header, ([getattr(i, f) for f in header] for i in items), following, "sources"
        )
    return SourcePage(items=items, next=following)


WRITE_PROBLEMS = problem_responses(400, 401, 403, 413, 415, 422, 429, 503)
SUBMISSION_BODY = {
    "required": True,
    "content": {
        "application/json": {"schema": {"$ref": "#/components/schemas/SourceCreate"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["file"],
                "properties": {
                    "file": {
                        "type": "string",
                        "format": "binary",
                        "description": "The report as a text file: UTF-8, GB18030 (GBK) or Big5.",
                    },
                    "url": {"type": "string", "format": "uri"},
                    "title": {"type": "string"},
                    "publisher": {"type": "string"},
                    "published": {"type": "string", "format": "date"},
                    "format": {"type": "string", "enum": ["text", "html", "markdown"]},
                },
            }
        },
        "text/plain": {"schema": {"type": "string", "minLength": 1, "pattern": SOME_TEXT}},
    },
}


async def _detail(request: Request, session: AsyncSession, source: Source) -> SourceDetail:
    base = public_url(request)
    summary = await service.read(session, source, base)
    rows, _ = await obs.list_page(session, obs.Filters(source=source.slug), "id", None, 10_000)
    items = sorted((obs.present(r, base) for r in rows), key=lambda i: i.provenance.span.start)
    return SourceDetail(**summary.model_dump(), observations=items)


@router.post(
    "",
    operation_id="create_source",
    summary="Add a report",
    status_code=201,
    response_model=SourceDetail,
    responses={
        **WRITE_PROBLEMS,
        200: {
            "model": SourceDetail,
            "description": "The same text was already stored: nothing new.",
        },
        201: {
            "model": SourceDetail,
            "description": "Stored, parsed, figures added as `extracted`.",
        },
    },
    openapi_extra={"requestBody": SUBMISSION_BODY},
)
async def create_source(
    request: Request,
    response: Response,
    session: SessionDep,
    caller: WriterDep,
    allow_empty: Annotated[
        bool, Query(description="Store the report even when no figure is found in it.")
    ] = False,
) -> SourceDetail:
    """Store a report, run the parser and store its figures as `extracted` (not yet reviewed),
    in one transaction. Send JSON (`text` plus optional `url`, `title`, `publisher`,
    `published`, `format`), a multipart upload (`file` plus the same fields), or raw text.
    The same text posted again answers 200 with the stored source and creates nothing.

    Text may be UTF-8, GB18030/GBK or Big5 (a `charset` in the Content-Type is honoured,
    otherwise the encoding is detected). Two rules JSON Schema cannot state: a file must be
    text, not PDF or Word (415), and a report in which the parser finds no figure is refused
    (422) unless `allow_empty=true`."""
    payload = await read_submission(request)
    document = submissions.to_document(payload)
    existing = await find_source(session, document.sha256)
    if existing is not None:  # the same text: answer with it, without parsing again
        response.status_code = 200
        return await _detail(request, session, await service.source_or_404(session, existing[1]))
    settings = request.app.state.settings
    extraction = await parsing.parse_within(
        document, settings.county_parse_timeout, settings.county_parse_workers
    )
    result = await ingest(
        session,
        document,
        origin={"submitted_by": caller.name},
        extraction=extraction,
        allow_empty=allow_empty,
    )
    response.status_code = 201 if result.created else 200
    return await _detail(request, session, await service.source_or_404(session, result.slug))


@router.delete(
    "/{slug}",
    operation_id="delete_source",
    summary="Remove a report and its figures",
    status_code=204,
    response_class=Response,
    responses={**problem_responses(401, 403, 404, 429, 503), 204: {"description": "Removed."}},
)
async def delete_source(session: SessionDep, caller: AdminDep, slug: Slug) -> Response:
    """Delete a report, every figure found in it and their review history, in one transaction.
    Needs an admin key."""
    source = await service.source_or_404(session, slug)
    await service.delete(session, source)
    return Response(status_code=204)


@router.get(
    "/{slug}",
    operation_id="get_source",
    summary="A report and its figures",
    response_model=SourceDetail,
    responses=READ_PROBLEMS,
)
async def get_source(request: Request, session: ReadSessionDep, slug: Slug) -> SourceDetail:
    """A report's metadata and every figure found in it, in text order."""
    return await _detail(request, session, await service.source_or_404(session, slug))


@router.get(
    "/{slug}/text",
    operation_id="get_source_text",
    summary="The stored text",
    response_class=PlainTextResponse,
    responses={
        **READ_PROBLEMS,
        200: {
            "description": "Plain text by default; HTML with each figure marked and anchored "
            "(`#figure-{id}`) with `Accept: text/html`.",
            "content": {
                "text/plain": {"example": "推进“产城人文”深度融合发展\n\n春早人勤谋发展…"},
                "text/html": {"example": '<mark id="figure-12">151亿元</mark>'},
            },
        },
    },
)
async def get_source_text(request: Request, session: ReadSessionDep, slug: Slug) -> Response:
    """The exact text every span indexes. Browsers (`Accept: text/html`) get a page where each
    figure is highlighted, so a link ending in `#figure-12` scrolls to figure 12."""
    source = await service.source_or_404(session, slug)
    if "text/html" in request.headers.get("accept", ""):
        return HTMLResponse(service.render_html(source, await service.marks(session, source)))
    return PlainTextResponse(source.text)
