"""App Home's own rows (who has opened it) and the small reads its sections make."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import String, and_, case, func, select, union_all
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore
from storage.models import Base, OutboxMessage, OutboxState
from storage.risks import Risk
from storage.standups.models import (
    ASKED,
    StandupAnswer,
    StandupPrompt,
    StatusReportEntry,
)


class HomeViewer(Base):
    """Someone who opened Tandem's App Home: their view is kept fresh when it changes."""

    __tablename__ = "home_viewer"

    user_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    first_opened_at: Mapped[datetime]


def add_viewer(session: Session, user: str, now: datetime) -> bool:
    return insert_ignore(session, HomeViewer, {"user_id": user, "first_opened_at": now})


def viewers(session: Session, users: Sequence[str]) -> list[str]:
    """Those of `users` who have opened App Home (one statement)."""
    if not users:
        return []
    found = session.scalars(select(HomeViewer.user_id).where(HomeViewer.user_id.in_(set(users))))
    return sorted(found)


def viewers_prompted_since(session: Session, since: datetime) -> list[tuple[str, datetime]]:
    """Viewers sent a stand-up prompt or a status request at or after `since`, each with the
    latest such time (one statement)."""
    sent = union_all(
        select(StandupPrompt.user_id.label("user"), StandupPrompt.sent_at.label("at")).where(
            StandupPrompt.sent_at >= since
        ),
        select(StatusReportEntry.lead, StatusReportEntry.prompted_at).where(
            StatusReportEntry.prompted_at >= since
        ),
    ).subquery()
    rows = session.execute(
        select(sent.c.user, func.max(sent.c.at))
        .join(HomeViewer, HomeViewer.user_id == sent.c.user)
        .group_by(sent.c.user)
        .order_by(sent.c.user)
    )
    return [(user, at if at.tzinfo else at.replace(tzinfo=UTC)) for user, at in rows]


def refresh_pending(session: Session, user: str) -> bool:
    """A refresh of the person's App Home is queued and not being sent yet."""
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.op == "home")
            .where(OutboxMessage.channel == user)
            .where(OutboxMessage.state == OutboxState.PENDING)
            .limit(1)
        )
        is not None
    )


@dataclass(frozen=True)
class OpenPrompt:
    kind: str  # "standup" | "status"
    id: int
    name: str  # stand-up or status report id
    team: str
    day: date
    answered: int
    questions: int


def open_prompts(session: Session, user: str, since: date, limit: int) -> list[OpenPrompt]:
    """The person's newest stand-up prompt of each stand-up while it waits for answers, and
    status requests they have not submitted, from `since` on, newest first (two statements)."""
    standups = session.execute(
        select(StandupPrompt)
        .where(StandupPrompt.user_id == user)
        .where(StandupPrompt.local_date >= since)
        .order_by(StandupPrompt.local_date.desc(), StandupPrompt.id.desc())
        .limit(limit * 4)
    ).scalars()
    newest: dict[str, StandupPrompt] = {}
    for prompt in standups:
        newest.setdefault(prompt.standup_id, prompt)
    waiting = [p for p in newest.values() if p.status == ASKED and p.completed_at is None]
    found = [
        OpenPrompt(
            "standup",
            p.id,
            p.standup_id,
            p.team_id,
            p.local_date,
            p.next_question,
            len(p.questions),
        )
        for p in waiting
    ]
    reports = session.execute(
        select(StatusReportEntry)
        .where(StatusReportEntry.lead == user)
        .where(StatusReportEntry.submitted_at.is_(None))
        .where(StatusReportEntry.week_date >= since)
        .order_by(StatusReportEntry.week_date.desc(), StatusReportEntry.id.desc())
        .limit(limit)
    ).scalars()
    found += [
        OpenPrompt("status", r.id, r.report_id, r.team_id, r.week_date, 0, 1) for r in reports
    ]
    return found[:limit]


@dataclass(frozen=True)
class OwnedRiskRow:
    number: int
    title: str
    score: int
    rating: str
    status: str
    next_review_at: datetime
    channel: str | None
    thread_ts: str | None


def owned_risks(session: Session, user: str, limit: int) -> tuple[list[OwnedRiskRow], int]:
    """The person's open risks, highest score first, and how many they own (two statements)."""
    open_ = and_(Risk.owner == user, Risk.status != "closed")
    rows = session.execute(
        select(
            Risk.id,
            Risk.title,
            Risk.score,
            Risk.rating,
            Risk.status,
            Risk.next_review_at,
            Risk.channel,
            Risk.thread_ts,
        )
        .where(open_)
        .order_by(Risk.score.desc(), Risk.id)
        .limit(limit)
    )
    total = session.scalar(select(func.count()).select_from(Risk).where(open_)) or 0
    return [OwnedRiskRow(*row) for row in rows], int(total)


@dataclass(frozen=True)
class OnTime:
    completed: int
    on_time: int


def on_time(
    session: Session, team_ids: Sequence[str], first: date, last: date
) -> dict[str, OnTime]:
    """Per team, prompts of days in [first, last] that were completed, and how many of those
    had every answer in before the report was posted (one statement)."""
    late = (
        select(StandupAnswer.prompt_id)
        .where(StandupAnswer.late.is_(True))
        .distinct()
        .scalar_subquery()
    )
    rows = session.execute(
        select(
            StandupPrompt.team_id,
            func.count(),
            func.sum(case((StandupPrompt.id.in_(late), 0), else_=1)),
        )
        .where(StandupPrompt.team_id.in_(list(team_ids)))
        .where(StandupPrompt.local_date.between(first, last))
        .where(StandupPrompt.completed_at.is_not(None))
        .group_by(StandupPrompt.team_id)
    )
    return {team: OnTime(int(done), int(ok or 0)) for team, done, ok in rows}
