"""shared goals (goal, goal_team, goal_update), kudos, and escalation runs that know their
subject affects customers

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-01 21:10:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("target", sa.Float(), nullable=True),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=40), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("create_key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal")),
        sa.UniqueConstraint("create_key", name=op.f("uq_goal_create_key")),
    )
    op.create_table(
        "goal_team",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_goal_team_goal_id_goal")),
        sa.PrimaryKeyConstraint("goal_id", "team_id", name=op.f("pk_goal_team")),
    )
    op.create_index("ix_goal_team_team", "goal_team", ["team_id"], unique=False)
    op.create_table(
        "goal_update",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("previous", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("by", sa.String(length=40), nullable=False),
        sa.Column("at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goal.id"], name=op.f("fk_goal_update_goal_id_goal")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goal_update")),
        sa.UniqueConstraint("key", name=op.f("uq_goal_update_key")),
    )
    op.create_index("ix_goal_update_goal", "goal_update", ["goal_id", "at"], unique=False)
    op.create_table(
        "kudos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("giver", sa.String(length=40), nullable=False),
        sa.Column("receiver", sa.String(length=40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("team_id", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("given_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kudos")),
        sa.UniqueConstraint("key", name=op.f("uq_kudos_key")),
    )
    op.create_index("ix_kudos_given_at", "kudos", ["given_at"], unique=False)
    op.create_index("ix_kudos_receiver", "kudos", ["receiver", "given_at"], unique=False)
    with op.batch_alter_table("escalation_run", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("subject_customer", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("escalation_run", schema=None) as batch_op:
        batch_op.drop_column("subject_customer")
    op.drop_index("ix_kudos_receiver", table_name="kudos")
    op.drop_index("ix_kudos_given_at", table_name="kudos")
    op.drop_table("kudos")
    op.drop_index("ix_goal_update_goal", table_name="goal_update")
    op.drop_table("goal_update")
    op.drop_index("ix_goal_team_team", table_name="goal_team")
    op.drop_table("goal_team")
    op.drop_table("goal")
