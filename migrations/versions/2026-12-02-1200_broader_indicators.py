"""A derived indicator may narrow a catalogue one (一期计划总投资 narrows 计划总投资).

Revision ID: 5b8d2e7c4a10
Revises: 3a7c9e1f5b20
Create Date: 2026-12-02 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5b8d2e7c4a10"
down_revision: str | None = "3a7c9e1f5b20"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("indicators", sa.Column("broader_code", sa.String(64), nullable=True))
    op.create_foreign_key(
        op.f("fk_indicators_broader_code_indicators"),
        "indicators",
        "indicators",
        ["broader_code"],
        ["code"],
        ondelete="SET NULL",
    )


def downgrade() -> None:
    op.drop_constraint(op.f("fk_indicators_broader_code_indicators"), "indicators")
    op.drop_column("indicators", "broader_code")
