"""The paragraph of each figure, counted from 1 in its report's stored text.

Revision ID: 3a7c9e1f5b20
Revises: 8d2f4b6a1c30
Create Date: 2026-12-02 01:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "3a7c9e1f5b20"
down_revision: str | None = "8d2f4b6a1c30"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("observations", sa.Column("paragraph", sa.Integer(), nullable=True))
    # the figures already stored: blank lines before the figure, plus one
    op.execute(
        r"""
        UPDATE observations AS o
        SET paragraph = 1 + (
            SELECT count(*) FROM regexp_matches(left(s.text, o.span_start), '\n\s*\n', 'g')
        )
        FROM sources AS s
        WHERE s.id = o.source_id
        """
    )


def downgrade() -> None:
    op.drop_column("observations", "paragraph")
