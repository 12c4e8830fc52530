"""deployment-wide metric totals for GET /metrics, and who has opened App Home

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "metric_total",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("labels", sa.String(length=400), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", "labels", name=op.f("pk_metric_total")),
    )
    op.create_table(
        "home_viewer",
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("first_opened_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_home_viewer")),
    )


def downgrade() -> None:
    op.drop_table("home_viewer")
    op.drop_table("metric_total")
