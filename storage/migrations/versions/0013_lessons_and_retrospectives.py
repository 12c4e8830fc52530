"""retrospectives, and lessons learned with their full-text index (FTS5 on SQLite, a tsvector GIN index on PostgreSQL)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01 21:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lesson",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=64), nullable=False),
        sa.Column("author", sa.String(length=40), nullable=False),
        sa.Column("risk_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["risk_id"], ["risk.id"], name=op.f("fk_lesson_risk_id_risk")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lesson")),
        sa.UniqueConstraint("key", name=op.f("uq_lesson_key")),
    )
    op.create_index("ix_lesson_created", "lesson", ["created_at"], unique=False)
    op.create_index("ix_lesson_team", "lesson", ["team", "created_at"], unique=False)
    op.create_table(
        "retro_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("retro_id", sa.String(length=100), nullable=False),
        sa.Column("team_id", sa.String(length=100), nullable=False),
        sa.Column("cycle", sa.String(length=200), nullable=False),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("lesson_questions", sa.JSON(), nullable=False),
        sa.Column("started_by", sa.String(length=40), nullable=True),
        sa.Column("opened_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closes_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("closed_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retro_session")),
        sa.UniqueConstraint("retro_id", "cycle", name=op.f("uq_retro_session_retro_id")),
    )
    op.create_table(
        "retro_prompt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("sent_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("answered_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["retro_session.id"],
            name=op.f("fk_retro_prompt_session_id_retro_session"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retro_prompt")),
        sa.UniqueConstraint("session_id", "user_id", name=op.f("uq_retro_prompt_session_id")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX ix_lesson_search ON lesson USING gin (to_tsvector('english', text))"
        )
    else:
        op.execute(
            "CREATE VIRTUAL TABLE lesson_fts USING fts5("
            "text, content='lesson', content_rowid='id', tokenize='porter unicode61')"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX ix_lesson_search")
    else:
        op.execute("DROP TABLE lesson_fts")
    op.drop_table("retro_prompt")
    op.drop_table("retro_session")
    op.drop_index("ix_lesson_team", table_name="lesson")
    op.drop_index("ix_lesson_created", table_name="lesson")
    op.drop_table("lesson")
