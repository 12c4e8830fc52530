"""when Tandem first saw each stand-up and status report schedule

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "schedule_sighting",
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("schedule_id", sa.String(length=100), nullable=False),
        sa.Column("first_seen_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("kind", "schedule_id"),
    )


def downgrade() -> None:
    op.drop_table("schedule_sighting")
