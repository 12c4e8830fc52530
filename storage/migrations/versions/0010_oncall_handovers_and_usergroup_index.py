"""on-call hand-over notes, and an index for a user group's latest membership row

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oncall_handover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rotation_id", sa.String(length=100), nullable=False),
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("handoff_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("outgoing", sa.String(length=40), nullable=False),
        sa.Column("incoming", sa.String(length=40), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("submitted_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oncall_handover")),
        sa.UniqueConstraint(
            "rotation_id", "handoff_at", "outgoing", name=op.f("uq_oncall_handover_rotation_id")
        ),
    )
    op.create_index(
        "ix_oncall_handover_submitted", "oncall_handover", ["submitted_at"], unique=False
    )
    op.create_index(
        "ix_outbox_message_op_channel", "outbox_message", ["op", "channel", "id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_outbox_message_op_channel", table_name="outbox_message")
    op.drop_index("ix_oncall_handover_submitted", table_name="oncall_handover")
    op.drop_table("oncall_handover")
