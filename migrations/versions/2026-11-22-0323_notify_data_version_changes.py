"""Tell every API process when the data version changes (LISTEN/NOTIFY), so caches stay right.

Revision ID: 64fd65bfa940
Revises: 221bbd7793f7
Create Date: 2026-11-22 03:23:40.428655
"""

from collections.abc import Sequence

from alembic import op

revision: str = "64fd65bfa940"
down_revision: str | None = "221bbd7793f7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CHANNEL = "county_data_version"
FUNCTIONS = (("bump_data_version_new", "new_rows"), ("bump_data_version_old", "old_rows"))


def function(name: str, rows: str, *, notify: bool) -> str:
    announce = (
        f"PERFORM pg_notify('{CHANNEL}', (SELECT version::text FROM data_version WHERE id = 1));"
        if notify
        else ""
    )
    return f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM {rows}) THEN
                UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1;
                {announce}
            END IF;
            RETURN NULL;
        END $$
        """


def upgrade() -> None:
    for name, rows in FUNCTIONS:
        op.execute(function(name, rows, notify=True))


def downgrade() -> None:
    for name, rows in FUNCTIONS:
        op.execute(function(name, rows, notify=False))
