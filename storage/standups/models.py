"""Stand-up and status-report tables.

A `StandupPrompt` row is one (stand-up, person, local date): it is written once, when the
prompt falls due, whether the person is asked or away, so the row is both the prompt's
idempotency key and the attendance record the report and digests count.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base

# StandupPrompt.status
ASKED = "asked"  # the DM was queued; the prompt is open until the next one of the stand-up
AWAY = "away"  # away or on holiday when it fell due: never sent
SKIPPED = "skipped"  # sent, then skipped with the button or /standup skip


class StandupPrompt(Base):
    __tablename__ = "standup_prompt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standup_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(40))
    local_date: Mapped[date] = mapped_column(Date)  # the stand-up day, in the person's zone
    tz: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    # The questions as asked, so later config edits never relabel stored answers.
    questions: Mapped[list[str]] = mapped_column(JSON)
    blocker_index: Mapped[int | None] = mapped_column(Integer)  # 0-based
    next_question: Mapped[int] = mapped_column(Integer, default=0)  # the DM conversation
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime]
    sent_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    skipped_at: Mapped[datetime | None]

    __table_args__ = (
        UniqueConstraint("standup_id", "user_id", "local_date"),
        Index("ix_standup_prompt_user", "user_id", "local_date"),
        Index("ix_standup_prompt_team_day", "team_id", "local_date"),
    )

    @property
    def key_base(self) -> str:
        """Outbox keys of this prompt's messages start with this (`:prompt`, `:q2`, ...)."""
        return prompt_key_base(self.standup_id, self.user_id, self.local_date)

    @property
    def outbox_key(self) -> str:
        """Key of the prompt DM (the message later updates target)."""
        return self.key_base + ":prompt"


class StandupAnswer(Base):
    __tablename__ = "standup_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    prompt_id: Mapped[int] = mapped_column(ForeignKey("standup_prompt.id", ondelete="CASCADE"))
    question: Mapped[int] = mapped_column(Integer)  # 0-based
    text: Mapped[str] = mapped_column(Text)
    message_ts: Mapped[str | None] = mapped_column(String(40))  # the DM it came from
    revision: Mapped[int] = mapped_column(Integer, default=1)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # after the report was posted
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("prompt_id", "question"),
        Index("ix_standup_answer_message_ts", "message_ts"),
    )


class StandupReport(Base):
    __tablename__ = "standup_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standup_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    report_date: Mapped[date] = mapped_column(Date)  # in the team's zone
    channel: Mapped[str] = mapped_column(String(40))
    outbox_key: Mapped[str] = mapped_column(String(300))
    # False when nobody had a prompt row that day (the clock was down): nothing to post.
    posted: Mapped[bool] = mapped_column(Boolean, default=True)
    posted_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("standup_id", "report_date"),)


class StandupAway(Base):
    """A person is away from every stand-up on these local dates (both ends included)."""

    __tablename__ = "standup_away"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the request that made it
    user_id: Mapped[str] = mapped_column(String(40))
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_standup_away_user", "user_id", "end_date"),)


class StandupBlocker(Base):
    """A blocker someone keeps reporting; resolved when they answer "none"."""

    __tablename__ = "standup_blocker"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standup_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    first_date: Mapped[date] = mapped_column(Date)
    last_date: Mapped[date] = mapped_column(Date)
    opened_at: Mapped[datetime]
    resolved_at: Mapped[datetime | None]
    escalated_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_standup_blocker_open", "standup_id", "user_id", "resolved_at"),)

    @property
    def ref(self) -> str:
        return f"B-{self.id}"


class StatusReportEntry(Base):
    """One weekly status report of a team, asked of its lead; editable until the next one."""

    __tablename__ = "status_report"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # project | ops
    week_date: Mapped[date] = mapped_column(Date)  # the day it was asked, team zone
    lead: Mapped[str] = mapped_column(String(40))
    prompted_at: Mapped[datetime]
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    submitted_by: Mapped[str | None] = mapped_column(String(40))
    submitted_at: Mapped[datetime | None]
    updated_at: Mapped[datetime | None]
    rag: Mapped[str | None] = mapped_column(String(8))
    progress: Mapped[int | None] = mapped_column(Integer)
    milestone: Mapped[str | None] = mapped_column(Text)
    milestone_date: Mapped[date | None] = mapped_column(Date)
    risks: Mapped[str | None] = mapped_column(Text)
    kpis: Mapped[dict[str, Any] | None]
    incidents: Mapped[str | None] = mapped_column(Text)
    sla: Mapped[str | None] = mapped_column(String(16))

    __table_args__ = (
        UniqueConstraint("report_id", "week_date"),
        Index("ix_status_report_team", "team_id", "week_date"),
    )

    @property
    def outbox_key(self) -> str:
        return f"status:{self.report_id}:{self.week_date.isoformat()}:prompt"


def prompt_key_base(standup_id: str, user_id: str, day: date) -> str:
    """Outbox keys of a (stand-up, person, day) prompt's messages start with this."""
    return f"standup:{standup_id}:{user_id}:{day.isoformat()}"


def report_key(standup_id: str, day: date) -> str:
    """Outbox key of a stand-up day's report (its thread root in the team channel)."""
    return f"standup:{standup_id}:{day.isoformat()}:report"
