"""/v1/search: one box for journalists."""

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from app.api.auth import search_rate
from app.api.common import StrictQuery, public_url
from app.db import ReadSessionDep
from app.schemas.common import READ_PROBLEMS, problem_responses
from app.schemas.search import SearchResults
from app.services.search import search

router = APIRouter(
    prefix="/search", tags=["search"], dependencies=[StrictQuery, Depends(search_rate)]
)


@router.get(
    "",
    operation_id="search",
    summary="Search figures, indicators and places",
    response_model=SearchResults,
    responses={**READ_PROBLEMS, **problem_responses(429)},
)
async def search_all(
    request: Request,
    session: ReadSessionDep,
    q: Annotated[
        str, Query(min_length=1, max_length=100, examples=["志愿者"], description="Words to find.")
    ],
    limit: Annotated[int, Query(ge=1, le=100, description="At most this many hits.")] = 20,
) -> SearchResults:
    """Ranked matches over the sentences figures were quoted from, indicator names (Chinese and
    English) and entity names. Each figure hit carries the full figure with its provenance."""
    items = await search(session, q.strip(), limit, public_url(request))
    return SearchResults(query=q, items=items)
