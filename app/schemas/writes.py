"""Bodies of write requests and what they answer."""

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, HttpUrl, Strict, model_validator

from app.models.vocab import Decision, ObservationKind


def _text_only(value: object) -> object:
    """Dates come as ISO strings; a number is not a date (pydantic would read 0 as 1970)."""
    if not isinstance(value, str | date):
        raise ValueError("give the date as YYYY-MM-DD")
    return value


IsoDate = Annotated[date, BeforeValidator(_text_only)]


def _no_nul(value: object) -> object:
    if isinstance(value, str) and "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    return value


NO_NUL = r"^[^\x00]*$"
# Text without NUL characters; the pattern states the rule in the schema, the validator before
# it gives the friendlier message.
Text = Annotated[str, BeforeValidator(_no_nul), Field(pattern=NO_NUL)]
# Text with something in it besides spaces (a report, a reason).
SOME_TEXT = r"^[^\x00]*[^\s\x00][^\x00]*$"


class SourceCreate(BaseModel):
    """A report to add, as JSON. Metadata given here wins over what the parser finds."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(
        min_length=1,
        pattern=SOME_TEXT,
        examples=["惠安县今年一季度实现地区生产总值120亿元，同比增长6.5%。"],
        description="The report: plain text, HTML, or Markdown with YAML front matter.",
    )
    url: HttpUrl | None = Field(default=None, examples=["https://news.example.org/a/1"])
    title: Text | None = Field(default=None, max_length=300, examples=["惠安县经济运行稳中向好"])
    publisher: Text | None = Field(default=None, max_length=120, examples=["泉州晚报"])
    published: IsoDate | None = Field(default=None, examples=["2023-04-05"])
    format: Literal["text", "html", "markdown"] | None = Field(
        default=None, examples=["text"], description="Detected when omitted."
    )


class PeriodIn(BaseModel):
    """A period: `end` on or after `start`."""

    model_config = ConfigDict(extra="forbid")

    label: Text | None = Field(default=None, max_length=60, examples=["2021年"])
    start: IsoDate = Field(examples=["2021-01-01"])
    end: IsoDate = Field(examples=["2021-12-31"])

    @model_validator(mode="after")
    def _ordered(self) -> "PeriodIn":
        if self.end < self.start:
            raise ValueError("period end is before its start")
        return self


CHANGES = ("indicator", "entity", "period", "kind", "value", "status")
# The two rules of a patch, stated in its schema for clients and generated forms.
PATCH_RULES: dict[str, Any] = {
    "anyOf": [
        {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in CHANGES
    ],
    "if": {"required": ["status"], "properties": {"status": {"const": "retracted"}}},
    "then": {
        "required": ["reason"],
        "properties": {"reason": {"type": "string", "pattern": SOME_TEXT}},
    },
}


class ObservationPatch(BaseModel):
    """A reviewer's correction. Give at least one of indicator, entity, period, kind, value or
    status; a retraction needs a reason."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=PATCH_RULES)

    indicator: Text | None = Field(default=None, max_length=64, examples=["gdp"])
    entity: Text | None = Field(default=None, max_length=120, examples=["nanan-350583"])
    period: PeriodIn | None = None
    kind: ObservationKind | None = Field(default=None, examples=["actual"])
    value: Annotated[float, Strict()] | None = Field(
        default=None, ge=-1e18, le=1e18, examples=[120500000000], description="In base units."
    )
    status: Decision | None = Field(
        default=None, examples=["reviewed"], description="`retracted` needs a reason."
    )
    reason: Text | None = Field(
        default=None, max_length=2000, examples=["checked against the statistics bureau's bulletin"]
    )

    @model_validator(mode="after")
    def _meaningful(self) -> "ObservationPatch":
        if all(getattr(self, name) is None for name in CHANGES):
            raise ValueError(f"nothing to change: give {', '.join(CHANGES[:-1])} or {CHANGES[-1]}")
        if self.status == "retracted" and not (self.reason and self.reason.strip()):
            raise ValueError("a retraction needs a reason")
        return self


class HistoryEntry(BaseModel):
    """A change to a figure: who, when, why, and the values before and after."""

    id: int = Field(examples=[3])
    changed_at: datetime = Field(examples=["2026-11-22T03:10:00Z"])
    changed_by: str = Field(examples=["newsroom-editor"])
    action: str = Field(examples=["correct"], description="correct, review or retract")
    reason: Text | None = Field(examples=["checked against the bulletin"])
    old: dict[str, Any] = Field(examples=[{"value": 120000000000, "status": "extracted"}])
    new: dict[str, Any] = Field(examples=[{"value": 120500000000, "status": "reviewed"}])


class History(BaseModel):
    observation: int = Field(examples=[12])
    items: list[HistoryEntry]
