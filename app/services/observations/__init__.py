"""Reading figures, by job: which rows (`query`), which page (`cursor`), how they read
(`present`). One query per page, only the columns served, keyset pagination on indexed keys."""

from app.services.observations.cursor import NO_DATE, sort_keys
from app.services.observations.present import CSV_COLUMNS, csv_row, figure, present
from app.services.observations.query import (
    ENT,
    IND,
    OBS,
    PERIOD_KEY,
    SERVED,
    SRC,
    Filters,
    Query,
    Row,
    apply_filters,
    columns,
    entity_match,
    escape_like,
    get_row,
    list_page,
    list_statement,
    several_named,
    unknown_values,
)

__all__ = [
    "CSV_COLUMNS",
    "ENT",
    "IND",
    "NO_DATE",
    "OBS",
    "PERIOD_KEY",
    "SERVED",
    "SRC",
    "Filters",
    "Query",
    "Row",
    "apply_filters",
    "columns",
    "csv_row",
    "entity_match",
    "escape_like",
    "figure",
    "get_row",
    "list_page",
    "list_statement",
    "present",
    "several_named",
    "sort_keys",
    "unknown_values",
]
