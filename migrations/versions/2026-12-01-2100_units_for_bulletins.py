"""Units that statistical bulletins use: percentage points, ratios, kWh, kW and cubic metres.

Revision ID: 8d2f4b6a1c30
Revises: 5c1e0a7d9b42
Create Date: 2026-12-01 21:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "8d2f4b6a1c30"
down_revision: str | None = "5c1e0a7d9b42"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEFORE = (
    "'CNY', 'USD', 'EUR', 'HKD', 'JPY', 'm2', 'mu', 'km', 'm', 'kg', 't', 'percent', "
    "'celsius', 'person', 'count', 'rank', 'year', 'month', 'day'"
)
AFTER = BEFORE + ", 'percentage_point', 'ratio', 'kWh', 'kW', 'm3'"


def _units(allowed: str) -> None:
    for table in ("indicators", "observations"):
        op.drop_constraint(op.f(f"ck_{table}_unit"), table, type_="check")
        op.create_check_constraint(op.f(f"ck_{table}_unit"), table, f"unit IN ({allowed})")


def upgrade() -> None:
    _units(AFTER)


def downgrade() -> None:
    _units(BEFORE)
