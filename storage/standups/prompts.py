"""Stand-up and status-report tables, and the queries on them (never commit here).

A `StandupPrompt` row is one (stand-up, person, local date): it is written once, when the
prompt falls due, whether the person is asked or away, so the row is both the prompt's
idempotency key and the attendance record the report and digests count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
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
    and_,
    case,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore
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
        return f"standup:{self.standup_id}:{self.user_id}:{self.local_date.isoformat()}"

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


# --- prompts and answers -------------------------------------------------------------------


def _insert_new(session: Session, model: Any, values: dict[str, Any], *unique: str) -> Any:
    """Insert unless a row with the same `unique` columns exists; the new row, or None."""
    if not insert_ignore(session, model, values):
        return None
    return session.scalar(select(model).filter_by(**{key: values[key] for key in unique}))


def add_prompt(session: Session, values: dict[str, Any]) -> StandupPrompt | None:
    """Insert the (stand-up, person, day) row unless it exists; the new row, or None."""
    row: StandupPrompt | None = _insert_new(
        session, StandupPrompt, values, "standup_id", "user_id", "local_date"
    )
    return row


def prompt_days(
    session: Session, standup_id: str, users: Iterable[str], days: set[date]
) -> set[tuple[str, date]]:
    """Which of (user, day) already have a prompt row."""
    rows = session.execute(
        select(StandupPrompt.user_id, StandupPrompt.local_date).where(
            StandupPrompt.standup_id == standup_id,
            StandupPrompt.user_id.in_(list(users)),
            StandupPrompt.local_date.in_(list(days)),
        )
    )
    return {(user, day) for user, day in rows}


def lock_prompt(session: Session, prompt_id: int) -> StandupPrompt | None:
    """The prompt, locked until commit (PostgreSQL), so answers and the report serialise."""
    return session.get(StandupPrompt, prompt_id, with_for_update=True, populate_existing=True)


def latest_prompts(session: Session, user_id: str, limit: int = 60) -> list[StandupPrompt]:
    """The person's most recent sent prompt of each stand-up (newest first).

    A prompt stays open until the person's next prompt of the same stand-up is sent, so the
    newest sent one per stand-up is the open one (unless it was skipped).
    """
    rows = session.scalars(
        select(StandupPrompt)
        .where(StandupPrompt.user_id == user_id, StandupPrompt.status != AWAY)
        .order_by(StandupPrompt.sent_at.desc(), StandupPrompt.id.desc())
        .limit(limit)
    )
    newest: dict[str, StandupPrompt] = {}
    for row in rows:
        newest.setdefault(row.standup_id, row)
    return list(newest.values())


def answers_of(session: Session, prompt_ids: Sequence[int]) -> dict[int, dict[int, StandupAnswer]]:
    """prompt id → question index → answer."""
    found: dict[int, dict[int, StandupAnswer]] = {pid: {} for pid in prompt_ids}
    if prompt_ids:
        for answer in session.scalars(
            select(StandupAnswer).where(StandupAnswer.prompt_id.in_(list(prompt_ids)))
        ):
            found[answer.prompt_id][answer.question] = answer
    return found


def answer_by_message(session: Session, user_id: str, message_ts: str) -> StandupAnswer | None:
    return session.scalar(
        select(StandupAnswer)
        .join(StandupPrompt, StandupPrompt.id == StandupAnswer.prompt_id)
        .where(StandupAnswer.message_ts == message_ts, StandupPrompt.user_id == user_id)
    )


def prompts_for_day(session: Session, standup_id: str, day: date) -> list[StandupPrompt]:
    """Every row of the stand-up day, locked (the report reads them once, consistently)."""
    return list(
        session.scalars(
            select(StandupPrompt)
            .where(StandupPrompt.standup_id == standup_id, StandupPrompt.local_date == day)
            .order_by(StandupPrompt.id)
            .with_for_update()
        )
    )


def reminder_candidates(
    session: Session, standup_id: str, sent_before: datetime
) -> list[StandupPrompt]:
    """Asked, unfinished, never reminded prompts sent before `sent_before`."""
    return list(
        session.scalars(
            select(StandupPrompt).where(
                StandupPrompt.standup_id == standup_id,
                StandupPrompt.status == ASKED,
                StandupPrompt.completed_at.is_(None),
                StandupPrompt.reminded_at.is_(None),
                StandupPrompt.sent_at <= sent_before,
                StandupPrompt.sent_at > sent_before - timedelta(days=2),
            )
        )
    )


def prompts_between(session: Session, user_id: str, start: date, end: date) -> list[StandupPrompt]:
    """The person's prompt rows for local days start..end (both included)."""
    return list(
        session.scalars(
            select(StandupPrompt).where(
                StandupPrompt.user_id == user_id,
                StandupPrompt.local_date >= start,
                StandupPrompt.local_date <= end,
            )
        )
    )


# --- reports -------------------------------------------------------------------------------


def report_key(standup_id: str, day: date) -> str:
    """Outbox key of a stand-up day's report (its thread root in the team channel)."""
    return f"standup:{standup_id}:{day.isoformat()}:report"


def report_for(session: Session, standup_id: str, day: date) -> StandupReport | None:
    return session.scalar(
        select(StandupReport).where(
            StandupReport.standup_id == standup_id, StandupReport.report_date == day
        )
    )


def posted_report(session: Session, standup_id: str, day: date) -> StandupReport | None:
    """The day's report if it was posted (late changes are appended to its thread)."""
    report = report_for(session, standup_id, day)
    return report if report is not None and report.posted else None


def add_report(session: Session, values: dict[str, Any]) -> StandupReport | None:
    """Claim the (stand-up, day) report; None when it was already claimed."""
    row: StandupReport | None = _insert_new(
        session, StandupReport, values, "standup_id", "report_date"
    )
    return row


# --- away ----------------------------------------------------------------------------------


def add_away(
    session: Session, *, key: str, user_id: str, start: date, end: date, now: datetime
) -> bool:
    return insert_ignore(
        session,
        StandupAway,
        {"key": key, "user_id": user_id, "start_date": start, "end_date": end, "created_at": now},
    )


def remove_away(session: Session, key: str) -> None:
    session.execute(delete(StandupAway).where(StandupAway.key == key))


def away_days(
    session: Session, users: Iterable[str], start: date, end: date
) -> dict[str, list[tuple[date, date]]]:
    """user → away ranges overlapping [start, end]."""
    found: dict[str, list[tuple[date, date]]] = {}
    for period in away_between(session, start, end, list(users)):
        found.setdefault(period.user, []).append((period.start, period.end))
    return found


def is_away(periods: Sequence[tuple[date, date]], day: date) -> bool:
    return any(start <= day <= end for start, end in periods)


# --- blockers ------------------------------------------------------------------------------


def open_blocker(session: Session, standup_id: str, user_id: str) -> StandupBlocker | None:
    return session.scalar(
        select(StandupBlocker)
        .where(
            StandupBlocker.standup_id == standup_id,
            StandupBlocker.user_id == user_id,
            StandupBlocker.resolved_at.is_(None),
        )
        .order_by(StandupBlocker.id.desc())
        .limit(1)
    )


def open_blockers_of(session: Session, standup_id: str) -> list[StandupBlocker]:
    return list(
        session.scalars(
            select(StandupBlocker).where(
                StandupBlocker.standup_id == standup_id, StandupBlocker.resolved_at.is_(None)
            )
        )
    )


def blockers_to_escalate(
    session: Session, standup_id: str, opened_before: datetime
) -> list[StandupBlocker]:
    return list(
        session.scalars(
            select(StandupBlocker).where(
                StandupBlocker.standup_id == standup_id,
                StandupBlocker.resolved_at.is_(None),
                StandupBlocker.escalated_at.is_(None),
                StandupBlocker.opened_at <= opened_before,
            )
        )
    )


def mark_escalated(session: Session, blocker_id: int, now: datetime) -> None:
    session.execute(
        update(StandupBlocker)
        .where(StandupBlocker.id == blocker_id, StandupBlocker.escalated_at.is_(None))
        .values(escalated_at=now)
    )


# --- status reports ------------------------------------------------------------------------


def add_status_entry(session: Session, values: dict[str, Any]) -> StatusReportEntry | None:
    """Insert the (report, week) row unless it exists; the new row, or None."""
    row: StatusReportEntry | None = _insert_new(
        session, StatusReportEntry, values, "report_id", "week_date"
    )
    return row


def status_entry_for(session: Session, report_id: str, week: date) -> StatusReportEntry | None:
    return session.scalar(
        select(StatusReportEntry).where(
            StatusReportEntry.report_id == report_id, StatusReportEntry.week_date == week
        )
    )


def newer_status_entry_exists(session: Session, entry: StatusReportEntry) -> bool:
    return (
        session.scalar(
            select(StatusReportEntry.id)
            .where(
                StatusReportEntry.report_id == entry.report_id,
                StatusReportEntry.week_date > entry.week_date,
            )
            .limit(1)
        )
        is not None
    )


# --- read functions for digests (bounded query counts) ------------------------------------


@dataclass(frozen=True)
class DayParticipation:
    """How one stand-up day of a team went: people asked, who answered, who was away."""

    team: str
    standup: str
    day: date
    expected: int  # asked to answer (not away)
    answered: int  # of those, gave at least one answer
    away: int  # away, on leave or skipped


def participation(
    session: Session, teams: Sequence[str] | None, start: date, end: date
) -> list[DayParticipation]:
    """Per team, stand-up and local day in [start, end]: expected, answered, away. One query."""
    has_answer = exists().where(StandupAnswer.prompt_id == StandupPrompt.id)
    asked = StandupPrompt.status == ASKED
    stmt = (
        select(
            StandupPrompt.team_id,
            StandupPrompt.standup_id,
            StandupPrompt.local_date,
            func.sum(case((asked, 1), else_=0)),
            func.sum(case((and_(asked, has_answer), 1), else_=0)),
            func.sum(case((asked, 0), else_=1)),
        )
        .where(StandupPrompt.local_date >= start, StandupPrompt.local_date <= end)
        .group_by(StandupPrompt.team_id, StandupPrompt.standup_id, StandupPrompt.local_date)
        .order_by(StandupPrompt.team_id, StandupPrompt.local_date, StandupPrompt.standup_id)
    )
    if teams is not None:
        stmt = stmt.where(StandupPrompt.team_id.in_(list(teams)))
    return [
        DayParticipation(team, standup, day, int(expected), int(answered), int(away))
        for team, standup, day, expected, answered, away in session.execute(stmt)
    ]


@dataclass(frozen=True)
class OpenBlocker:
    id: int
    ref: str  # "B-12"
    team: str
    standup: str
    user: str
    text: str
    opened_at: datetime
    first_date: date  # the stand-up day it was first reported
    last_date: date  # the latest stand-up day it was still reported
    age: timedelta  # as of the `now` asked about
    escalated: bool


def open_blockers(
    session: Session, teams: Sequence[str] | None, now: datetime
) -> list[OpenBlocker]:
    """Blockers open at `now` (opened before it, not resolved by then), oldest first."""
    stmt = (
        select(StandupBlocker)
        .where(
            StandupBlocker.opened_at <= now,
            or_(StandupBlocker.resolved_at.is_(None), StandupBlocker.resolved_at > now),
        )
        .order_by(StandupBlocker.opened_at, StandupBlocker.id)
    )
    if teams is not None:
        stmt = stmt.where(StandupBlocker.team_id.in_(list(teams)))
    return [
        OpenBlocker(
            id=b.id,
            ref=b.ref,
            team=b.team_id,
            standup=b.standup_id,
            user=b.user_id,
            text=b.text,
            opened_at=b.opened_at,
            first_date=b.first_date,
            last_date=b.last_date,
            age=now - b.opened_at,
            escalated=b.escalated_at is not None and b.escalated_at <= now,
        )
        for b in session.scalars(stmt)
    ]


@dataclass(frozen=True)
class AwayPeriod:
    user: str
    start: date
    end: date  # included


def away_between(
    session: Session, start: date, end: date, users: Sequence[str] | None = None
) -> list[AwayPeriod]:
    """Away periods overlapping [start, end] (local dates, ends included). One query."""
    stmt = (
        select(StandupAway.user_id, StandupAway.start_date, StandupAway.end_date)
        .where(StandupAway.start_date <= end, StandupAway.end_date >= start)
        .order_by(StandupAway.user_id, StandupAway.start_date)
    )
    if users is not None:
        stmt = stmt.where(StandupAway.user_id.in_(list(users)))
    return [AwayPeriod(user, first, last) for user, first, last in session.execute(stmt)]


@dataclass(frozen=True)
class StatusSnapshot:
    """A submitted weekly status report. Project teams fill rag/progress/milestone/risks;
    ops teams fill kpis/incidents/sla."""

    team: str
    report: str
    kind: str
    week: date
    submitted_by: str
    submitted_at: datetime
    updated_at: datetime
    rag: str | None
    progress: int | None
    milestone: str | None
    milestone_date: date | None
    risks: str | None
    kpis: dict[str, str]
    incidents: str | None
    sla: str | None


def latest_status_reports(
    session: Session, teams: Sequence[str] | None, at: datetime
) -> dict[str, StatusSnapshot]:
    """team → its newest status report submitted at or before `at`. One query."""
    submitted = StatusReportEntry.submitted_at.is_not(None)
    latest = (
        select(StatusReportEntry.team_id, func.max(StatusReportEntry.week_date).label("week"))
        .where(submitted, StatusReportEntry.submitted_at <= at)
        .group_by(StatusReportEntry.team_id)
    )
    if teams is not None:
        latest = latest.where(StatusReportEntry.team_id.in_(list(teams)))
    newest = latest.subquery()
    rows = session.scalars(
        select(StatusReportEntry)
        .join(
            newest,
            and_(
                StatusReportEntry.team_id == newest.c.team_id,
                StatusReportEntry.week_date == newest.c.week,
            ),
        )
        .where(submitted)
        .order_by(StatusReportEntry.id)
    )
    found: dict[str, StatusSnapshot] = {}
    for row in rows:
        assert row.submitted_at is not None
        found[row.team_id] = StatusSnapshot(
            team=row.team_id,
            report=row.report_id,
            kind=row.kind,
            week=row.week_date,
            submitted_by=row.submitted_by or row.lead,
            submitted_at=row.submitted_at,
            updated_at=row.updated_at or row.submitted_at,
            rag=row.rag,
            progress=row.progress,
            milestone=row.milestone,
            milestone_date=row.milestone_date,
            risks=row.risks,
            kpis={str(k): str(v) for k, v in (row.kpis or {}).items()},
            incidents=row.incidents,
            sla=row.sla,
        )
    return found


# --- export --------------------------------------------------------------------------------


def answer_rows(
    session: Session, since: date | None
) -> Iterable[tuple[StandupPrompt, StandupAnswer]]:
    """Every answer with its prompt, from stand-up day `since` on, oldest first (streamed)."""
    stmt = (
        select(StandupPrompt, StandupAnswer)
        .join(StandupAnswer, StandupAnswer.prompt_id == StandupPrompt.id)
        .order_by(StandupPrompt.local_date, StandupPrompt.standup_id, StandupPrompt.user_id)
        .order_by(StandupAnswer.question)
    )
    if since is not None:
        stmt = stmt.where(StandupPrompt.local_date >= since)
    for row in session.execute(stmt.execution_options(yield_per=500)):
        yield row[0], row[1]
