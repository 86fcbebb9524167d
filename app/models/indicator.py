from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps
from app.models.vocab import Unit, sql_in


class Indicator(Timestamps, Base):
    """The catalogue entry a figure measures, keyed by a stable code such as `gdp`."""

    __tablename__ = "indicators"
    __table_args__ = (CheckConstraint(sql_in("unit", Unit), name="unit"),)

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(32), index=True)
    description: Mapped[str] = mapped_column(Text, server_default="")
    # a derived indicator that narrows a catalogue one (一期计划总投资 → investment_planned)
    broader_code: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("indicators.code", ondelete="SET NULL"), nullable=True
    )
