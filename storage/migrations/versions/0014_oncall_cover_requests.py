"""on-call cover requests: asked in a team channel, taken once by another member

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-01 20:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "oncall_cover",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("rotation_id", sa.String(length=100), nullable=False),
        sa.Column("requested_by", sa.String(length=40), nullable=False),
        sa.Column("starts_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ends_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("taken_by", sa.String(length=40), nullable=True),
        sa.Column("taken_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("override_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_oncall_cover")),
        sa.UniqueConstraint("key", name=op.f("uq_oncall_cover_key")),
    )
    with op.batch_alter_table("oncall_cover", schema=None) as batch_op:
        batch_op.create_index("ix_oncall_cover_taken", ["taken_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("oncall_cover", schema=None) as batch_op:
        batch_op.drop_index("ix_oncall_cover_taken")
    op.drop_table("oncall_cover")
