"""retro prompts remember the DM each answer came from, so editing that DM edits the answer

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-08 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | Sequence[str] | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("retro_prompt", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message_ts", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("retro_prompt", schema=None) as batch_op:
        batch_op.drop_column("message_ts")
