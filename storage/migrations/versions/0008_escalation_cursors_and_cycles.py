"""round-robin cursors per (policy, level); runs and pages count their re-escalation cycles

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "escalation_cursor",
        sa.Column("policy_id", sa.String(length=100), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("last_user", sa.String(length=40), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("policy_id", "level", name=op.f("pk_escalation_cursor")),
    )
    with op.batch_alter_table("escalation_run", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cycle", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("escalation_page", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cycle", sa.Integer(), nullable=False, server_default="0"))
        batch_op.drop_constraint("uq_escalation_page_run_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_escalation_page_run_id", ["run_id", "cycle", "pass_no", "level", "user_id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("escalation_page", schema=None) as batch_op:
        batch_op.drop_constraint("uq_escalation_page_run_id", type_="unique")
        batch_op.create_unique_constraint(
            "uq_escalation_page_run_id", ["run_id", "pass_no", "level", "user_id"]
        )
        batch_op.drop_column("cycle")
    with op.batch_alter_table("escalation_run", schema=None) as batch_op:
        batch_op.drop_column("cycle")
    op.drop_table("escalation_cursor")
