"""Closed vocabularies shared by the tables' CHECK constraints and the API schemas."""

from enum import StrEnum


class Unit(StrEnum):
    CNY = "CNY"
    USD = "USD"
    EUR = "EUR"
    HKD = "HKD"
    JPY = "JPY"
    M2 = "m2"
    MU = "mu"
    KM = "km"
    M = "m"
    KG = "kg"
    TONNE = "t"
    PERCENT = "percent"
    PERCENTAGE_POINT = "percentage_point"
    RATIO = "ratio"
    CELSIUS = "celsius"
    KWH = "kWh"
    KW = "kW"
    M3 = "m3"
    PERSON = "person"
    COUNT = "count"
    RANK = "rank"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class Qualifier(StrEnum):
    EXACT = "exact"
    APPROX = "approx"
    MORE_THAN = "more_than"
    LESS_THAN = "less_than"


class ObservationKind(StrEnum):
    ACTUAL = "actual"
    TARGET = "target"
    EXPECTED = "expected"
    CUMULATIVE = "cumulative"


class ReviewStatus(StrEnum):
    EXTRACTED = "extracted"
    REVIEWED = "reviewed"
    RETRACTED = "retracted"


class EntityKind(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"
    TOWN = "town"
    PARK = "park"
    COMPANY = "company"
    PROJECT = "project"
    INSTITUTION = "institution"


class Decision(StrEnum):
    """What a reviewer may set a figure's status to."""

    REVIEWED = ReviewStatus.REVIEWED.value
    RETRACTED = ReviewStatus.RETRACTED.value


class KeyScope(StrEnum):
    """What an API key may do: write (add reports, review figures), admin (also delete)."""

    WRITE = "write"
    ADMIN = "admin"


def sql_in(column: str, values: type[StrEnum]) -> str:
    """A CHECK expression that keeps `column` inside an enum's values."""
    quoted = ", ".join(f"'{member.value}'" for member in values)
    return f"{column} IN ({quoted})"
