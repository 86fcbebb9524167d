from datetime import date
from decimal import Decimal

from sqlalchemy import (
    ARRAY,
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Identity,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps
from app.models.vocab import ObservationKind, Qualifier, ReviewStatus, Unit, sql_in


class Observation(Timestamps, Base):
    """One figure found in a source, with the span of text it came from."""

    __tablename__ = "observations"
    __table_args__ = (
        CheckConstraint("span_end > span_start", name="span_order"),
        CheckConstraint("span_start >= 0", name="span_start_nonnegative"),
        CheckConstraint(
            "quote_start <= span_start AND span_end <= quote_end", name="span_inside_quote"
        ),
        CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name="period_order",
        ),
        CheckConstraint(sql_in("unit", Unit), name="unit"),
        CheckConstraint(sql_in("qualifier", Qualifier), name="qualifier"),
        CheckConstraint(sql_in("kind", ObservationKind), name="kind"),
        CheckConstraint(sql_in("status", ReviewStatus), name="status"),
        UniqueConstraint("source_id", "span_start", "span_end", name="uq_observations_span"),
        Index(
            "ix_observations_entity_indicator_period",
            "entity_id",
            "indicator_code",
            "period_start",
            "id",
        ),
        Index("ix_observations_entity_id_id", "entity_id", "id"),
        Index("ix_observations_indicator_id", "indicator_code", "id"),
        Index("ix_observations_updated_at_id", "updated_at", "id"),
        Index(
            "ix_observations_quote_trgm",
            "quote",
            postgresql_using="gin",
            postgresql_ops={"quote": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    indicator_code: Mapped[str] = mapped_column(ForeignKey("indicators.code", onupdate="CASCADE"))
    entity_id: Mapped[int] = mapped_column(ForeignKey("entities.id"))
    value: Mapped[Decimal] = mapped_column(Numeric)
    unit: Mapped[str] = mapped_column(String(16))
    counter: Mapped[str | None] = mapped_column(String(16))
    value_low: Mapped[Decimal | None] = mapped_column(Numeric)
    value_high: Mapped[Decimal | None] = mapped_column(Numeric)
    qualifier: Mapped[str] = mapped_column(String(16), server_default=Qualifier.EXACT.value)
    qualifier_text: Mapped[str | None] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), server_default=ObservationKind.ACTUAL.value)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    period_label: Mapped[str | None] = mapped_column(Text)
    surface: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    quote_start: Mapped[int] = mapped_column(Integer)
    quote_end: Mapped[int] = mapped_column(Integer)
    paragraph: Mapped[int | None] = mapped_column(Integer)  # counting from 1; blank-line separated
    flags: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
    extraction_method: Mapped[str] = mapped_column(String(32))
    extraction_version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), server_default=ReviewStatus.EXTRACTED.value)
    review_note: Mapped[str | None] = mapped_column(Text)
