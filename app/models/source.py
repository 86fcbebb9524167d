from datetime import date, datetime
from typing import Any

from sqlalchemy import CHAR, BigInteger, Boolean, Date, DateTime, Identity, String, Text, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps


class Source(Timestamps, Base):
    """One report: its metadata and the exact text every span indexes."""

    __tablename__ = "sources"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(16), server_default="zh")
    format: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(CHAR(64), unique=True)
    origin: Mapped[dict[str, Any]] = mapped_column(JSONB, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, server_default="false")
    retrieved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ingested_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now()
    )
