from sqlalchemy import ARRAY, BigInteger, CheckConstraint, ForeignKey, Identity, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps
from app.models.vocab import EntityKind, sql_in


class Entity(Timestamps, Base):
    """A place or thing figures belong to: a county, a park, a company, a project."""

    __tablename__ = "entities"
    __table_args__ = (CheckConstraint(sql_in("kind", EntityKind), name="kind"),)

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    name_zh: Mapped[str] = mapped_column(Text)
    name_en: Mapped[str | None] = mapped_column(Text)
    admin_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("entities.id", ondelete="SET NULL"), index=True
    )
    aliases: Mapped[list[str]] = mapped_column(ARRAY(Text), server_default="{}")
