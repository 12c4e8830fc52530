"""Bounded-query reads of the stand-up tables for the digests, and the answers export."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session

from storage.standups.models import (
    ASKED,
    StandupAnswer,
    StandupAway,
    StandupBlocker,
    StandupPrompt,
    StatusReportEntry,
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
