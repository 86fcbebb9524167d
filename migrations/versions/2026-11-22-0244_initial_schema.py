"""Initial schema: sources, entities, indicators and observations.

Revision ID: bd8864bc2356
Revises:
Create Date: 2026-11-22 02:44:39.669448
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "bd8864bc2356"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # pg_trgm indexes Chinese quotes for search (full-text parsers do not split Chinese words).
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "entities",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=True),
        sa.Column("admin_code", sa.String(length=12), nullable=True),
        sa.Column("parent_id", sa.BigInteger(), nullable=True),
        sa.Column("aliases", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('province', 'prefecture', 'county', 'town', 'park', 'company', 'project', 'institution')",
            name=op.f("ck_entities_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["entities.id"],
            name=op.f("fk_entities_parent_id_entities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entities")),
        sa.UniqueConstraint("admin_code", name=op.f("uq_entities_admin_code")),
        sa.UniqueConstraint("slug", name=op.f("uq_entities_slug")),
    )
    op.create_index(op.f("ix_entities_parent_id"), "entities", ["parent_id"], unique=False)
    op.create_table(
        "indicators",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name_zh", sa.Text(), nullable=False),
        sa.Column("name_en", sa.Text(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("description", sa.Text(), server_default="", nullable=False),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "unit IN ('CNY', 'USD', 'EUR', 'HKD', 'JPY', 'm2', 'mu', 'km', 'm', 'kg', 't', 'percent', 'celsius', 'person', 'count', 'rank', 'year', 'month', 'day')",
            name=op.f("ck_indicators_unit"),
        ),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_indicators")),
    )
    op.create_index(op.f("ix_indicators_category"), "indicators", ["category"], unique=False)
    op.create_table(
        "sources",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("slug", sa.String(length=120), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("publisher", sa.Text(), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("language", sa.String(length=16), server_default="zh", nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.CHAR(length=64), nullable=False),
        sa.Column(
            "origin", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False
        ),
        sa.Column("synthetic", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("retrieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "ingested_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("sha256", name=op.f("uq_sources_sha256")),
        sa.UniqueConstraint("slug", name=op.f("uq_sources_slug")),
    )
    op.create_table(
        "observations",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column("source_id", sa.BigInteger(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.BigInteger(), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("counter", sa.String(length=16), nullable=True),
        sa.Column("value_low", sa.Numeric(), nullable=True),
        sa.Column("value_high", sa.Numeric(), nullable=True),
        sa.Column("qualifier", sa.String(length=16), server_default="exact", nullable=False),
        sa.Column("qualifier_text", sa.String(length=16), nullable=True),
        sa.Column("kind", sa.String(length=16), server_default="actual", nullable=False),
        sa.Column("period_start", sa.Date(), nullable=True),
        sa.Column("period_end", sa.Date(), nullable=True),
        sa.Column("period_label", sa.Text(), nullable=True),
        sa.Column("surface", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("quote_start", sa.Integer(), nullable=False),
        sa.Column("quote_end", sa.Integer(), nullable=False),
        sa.Column("flags", sa.ARRAY(sa.Text()), server_default="{}", nullable=False),
        sa.Column("extraction_method", sa.String(length=32), nullable=False),
        sa.Column("extraction_version", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="extracted", nullable=False),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('actual', 'target', 'expected', 'cumulative')",
            name=op.f("ck_observations_kind"),
        ),
        sa.CheckConstraint(
            "qualifier IN ('exact', 'approx', 'more_than', 'less_than')",
            name=op.f("ck_observations_qualifier"),
        ),
        sa.CheckConstraint(
            "status IN ('extracted', 'reviewed', 'retracted')", name=op.f("ck_observations_status")
        ),
        sa.CheckConstraint(
            "unit IN ('CNY', 'USD', 'EUR', 'HKD', 'JPY', 'm2', 'mu', 'km', 'm', 'kg', 't', 'percent', 'celsius', 'person', 'count', 'rank', 'year', 'month', 'day')",
            name=op.f("ck_observations_unit"),
        ),
        sa.CheckConstraint(
            "period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
            name=op.f("ck_observations_period_order"),
        ),
        sa.CheckConstraint(
            "quote_start <= span_start AND span_end <= quote_end",
            name=op.f("ck_observations_span_inside_quote"),
        ),
        sa.CheckConstraint("span_end > span_start", name=op.f("ck_observations_span_order")),
        sa.CheckConstraint("span_start >= 0", name=op.f("ck_observations_span_start_nonnegative")),
        sa.ForeignKeyConstraint(
            ["entity_id"], ["entities.id"], name=op.f("fk_observations_entity_id_entities")
        ),
        sa.ForeignKeyConstraint(
            ["indicator_code"],
            ["indicators.code"],
            name=op.f("fk_observations_indicator_code_indicators"),
            onupdate="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_observations_source_id_sources"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_observations")),
        sa.UniqueConstraint("source_id", "span_start", "span_end", name="uq_observations_span"),
    )
    op.create_index(
        "ix_observations_entity_indicator_period",
        "observations",
        ["entity_id", "indicator_code", "period_start", "id"],
        unique=False,
    )
    op.create_index(
        "ix_observations_indicator_id", "observations", ["indicator_code", "id"], unique=False
    )
    op.create_index(
        "ix_observations_quote_trgm",
        "observations",
        ["quote"],
        unique=False,
        postgresql_using="gin",
        postgresql_ops={"quote": "gin_trgm_ops"},
    )
    op.create_index(
        "ix_observations_updated_at_id", "observations", ["updated_at", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_observations_updated_at_id", table_name="observations")
    op.drop_index(
        "ix_observations_quote_trgm",
        table_name="observations",
        postgresql_using="gin",
        postgresql_ops={"quote": "gin_trgm_ops"},
    )
    op.drop_index("ix_observations_indicator_id", table_name="observations")
    op.drop_index("ix_observations_entity_indicator_period", table_name="observations")
    op.drop_table("observations")
    op.drop_table("sources")
    op.drop_index(op.f("ix_indicators_category"), table_name="indicators")
    op.drop_table("indicators")
    op.drop_index(op.f("ix_entities_parent_id"), table_name="entities")
    op.drop_table("entities")
    op.execute("DROP EXTENSION IF EXISTS pg_trgm")
