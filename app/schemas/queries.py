"""The query strings of list endpoints, each declared once as a model.

The models do not forbid extra fields themselves: the endpoint's other parameters (limit,
cursor, format) reach them too. Unknown parameters are refused by `reject_unknown_parameters`
with a 400 naming them, for every endpoint alike."""

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from app.models.vocab import ObservationKind, Qualifier, ReviewStatus
from app.schemas.common import RFC3339


def _comma_separated(value: object) -> object:
    """`a,b` and `a&…=b` alike: a list of values, commas splitting each."""
    items = value if isinstance(value, list) else [value] if isinstance(value, str) else value
    if not isinstance(items, list):
        return value
    return [part.strip() for item in items for part in str(item).split(",") if part.strip()]


# Several values, comma-separated or repeated (`entity=350583,350582` or `entity=…&entity=…`).
Several = Annotated[list[str], BeforeValidator(_comma_separated)]
# The place filters every endpoint that selects places shares.
Places = Annotated[
    Several | None,
    Field(
        description="Places or things: slugs or administrative codes, comma-separated or "
        "repeated. An unknown one is a 404.",
        examples=[["350583", "350582"]],
    ),
]
Within = Annotated[
    str | None,
    Field(
        pattern=r"^\d{6}$",
        description="Every place under this province, prefecture or county code (350500: each "
        "county of Quanzhou, and the parks and projects in them). An unknown one is a 404.",
        examples=["350500"],
    ),
]
Year = Annotated[int | None, Field(ge=1900, le=2200)]

ObservationSort = Literal[
    "id", "-id", "period", "-period", "value", "-value", "updated", "-updated"
]


class ObservationFilters(BaseModel):
    """Which figures: every filter of `/v1/observations`. A filter is added here (and its
    condition in `app.services.observations.query`)."""

    model_config = ConfigDict(frozen=True)

    entity: Places = None
    within: Within = None
    indicator: Several | None = Field(
        default=None,
        description="Indicator codes, comma-separated or repeated. An unknown one is a 404.",
        examples=[["gdp"]],
    )
    category: str | None = Field(
        default=None,
        description="Indicator category. An unknown one is a 404.",
        examples=["economy"],
    )
    kind: ObservationKind | None = Field(
        default=None, description="actual, target, expected or cumulative."
    )
    year: Year = Field(default=None, description="Period overlaps this year.")
    year_from: Year = Field(default=None, description="Period ends in or after.")
    year_to: Year = Field(default=None, description="Period starts in or before.")
    source: str | None = Field(default=None, description="Source slug. An unknown one is a 404.")
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


class PlacePage(BaseModel):
    """A page of parks or projects: under a division, by slug."""

    model_config = ConfigDict(frozen=True)

    within: Within = None
    limit: int = Field(default=50, ge=1, le=500, description="Items per page.")
    cursor: str | None = Field(
        default=None, max_length=200, description="The slug of the last item of the page before."
    )


class CompareQuery(BaseModel):
    """Which places and periods to compare: by name, under a division, or every place."""

    model_config = ConfigDict(frozen=True)

    entity: Places = None
    within: Within = None
    kind: ObservationKind = Field(default=ObservationKind.ACTUAL, description="Which kind.")
    year_from: Year = Field(default=None, description="From this year.")
    year_to: Year = Field(default=None, description="To this year.")

    def filters(self) -> ObservationFilters:
        return ObservationFilters(**self.model_dump())
