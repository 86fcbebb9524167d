"""API keys, review history, a data version bumped by every write, rate-limit windows.

Revision ID: 221bbd7793f7
Revises: bd8864bc2356
Create Date: 2026-11-22 03:07:19.800619
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "221bbd7793f7"
down_revision: str | None = "bd8864bc2356"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATA_TABLES = ("sources", "observations", "entities", "indicators")


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("scope", sa.String(length=16), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("hash", sa.CHAR(length=64), nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("scope IN ('write', 'admin')", name=op.f("ck_api_keys_scope")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("hash", name=op.f("uq_api_keys_hash")),
        sa.UniqueConstraint("name", name=op.f("uq_api_keys_name")),
    )
    op.create_table(
        "data_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint("id = 1", name=op.f("ck_data_version_singleton")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_version")),
    )
    op.create_table(
        "rate_windows",
        sa.Column("bucket", sa.String(length=200), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", "window_start", name=op.f("pk_rate_windows")),
        prefixes=["UNLOGGED"],
    )
    op.create_index("ix_rate_windows_window_start", "rate_windows", ["window_start"], unique=False)
    op.create_table(
        "observation_history",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("observation_id", sa.BigInteger(), nullable=False),
        sa.Column(
            "changed_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column("changed_by", sa.String(length=80), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("old", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("new", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(
            ["observation_id"],
            ["observations.id"],
            name=op.f("fk_observation_history_observation_id_observations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observation_history")),
    )
    op.create_index(
        op.f("ix_observation_history_observation_id"),
        "observation_history",
        ["observation_id"],
        unique=False,
    )
    op.execute("INSERT INTO data_version (id, version) VALUES (1, 0)")
    # Every statement that changes rows the API serves bumps the version, whoever runs it (API,
    # CLI, a manual fix), so caches keyed by it are never stale; a statement that changes no row
    # (an idempotent re-seed) leaves it alone.
    for name, rows in (
        ("bump_data_version_new", "new_rows"),
        ("bump_data_version_old", "old_rows"),
    ):
        op.execute(
            f"""
            CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM {rows}) THEN
                    UPDATE data_version SET version = version + 1, changed_at = now() WHERE id = 1;
                END IF;
                RETURN NULL;
            END $$
            """
        )
    for table in DATA_TABLES:
        for event, rows, function in (
            ("INSERT", "NEW TABLE AS new_rows", "bump_data_version_new"),
            ("UPDATE", "NEW TABLE AS new_rows", "bump_data_version_new"),
            ("DELETE", "OLD TABLE AS old_rows", "bump_data_version_old"),
        ):
            op.execute(
                f"CREATE TRIGGER {table}_{event.lower()}_bumps_data_version AFTER {event} ON {table} "
                f"REFERENCING {rows} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )


def downgrade() -> None:
    for table in DATA_TABLES:
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {table}_{event}_bumps_data_version ON {table}")
    op.execute("DROP FUNCTION IF EXISTS bump_data_version_new()")
    op.execute("DROP FUNCTION IF EXISTS bump_data_version_old()")
    op.drop_index(op.f("ix_observation_history_observation_id"), table_name="observation_history")
    op.drop_table("observation_history")
    op.drop_index("ix_rate_windows_window_start", table_name="rate_windows")
    op.drop_table("rate_windows")
    op.drop_table("data_version")
    op.drop_table("api_keys")
