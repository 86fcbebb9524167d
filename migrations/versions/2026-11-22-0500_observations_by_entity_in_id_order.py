"""An index for a place's figures in id order: the default list page of a county.

With it, `?entity=…` reads the first page straight off the index (a seek and 21 index
entries) instead of collecting and sorting all of the place's figures.

Revision ID: 5c1e0a7d9b42
Revises: 64fd65bfa940
Create Date: 2026-11-22 05:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "5c1e0a7d9b42"
down_revision: str | None = "64fd65bfa940"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_observations_entity_id_id", "observations", ["entity_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_observations_entity_id_id", table_name="observations")
