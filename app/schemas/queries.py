"""The query strings of list endpoints, each declared once as a model.

The models do not forbid extra fields themselves: the endpoint's other parameters (limit,
cursor, format) reach them too. Unknown parameters are refused by `reject_unknown_parameters`
with a 400 naming them, for every endpoint alike."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from app.models.vocab import ObservationKind, Qualifier, ReviewStatus
from app.schemas.common import RFC3339

ObservationSort = Literal[
    "id", "-id", "period", "-period", "value", "-value", "updated", "-updated"
]


class ObservationFilters(BaseModel):
    """Which figures: every filter of `/v1/observations`. A filter is added here (and its
    condition in `app.services.observations.query`)."""

    model_config = ConfigDict(frozen=True)

    entity: str | None = Field(
        default=None, description="Entity slug or administrative code.", examples=["350583"]
    )
    indicator: str | None = Field(default=None, description="Indicator code.", examples=["gdp"])
    category: str | None = Field(
        default=None, description="Indicator category.", examples=["economy"]
    )
    kind: ObservationKind | None = Field(
        default=None, description="actual, target, expected or cumulative."
    )
    year: int | None = Field(
        default=None, ge=1900, le=2200, description="Period overlaps this year."
    )
    year_from: int | None = Field(
        default=None, ge=1900, le=2200, description="Period ends in or after."
    )
    year_to: int | None = Field(
        default=None, ge=1900, le=2200, description="Period starts in or before."
    )
    source: str | None = Field(default=None, description="Source slug.")
    qualifier: Qualifier | None = Field(
        default=None, description="exact, approx, more_than or less_than."
    )
    q: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="Text in the quote, indicator or entity name.",
    )
    status: ReviewStatus | None = Field(
        default=None, description="Review status; retracted only when asked."
    )
    include_retracted: bool = Field(default=False, description="Also list retracted figures.")
    updated_after: RFC3339 | None = Field(
        default=None,
        description="Only figures changed after this time (RFC 3339, with its offset), "
        "for syncing.",
        examples=["2026-11-22T00:00:00Z"],
    )
