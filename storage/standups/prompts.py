"""Prompt, answer, report, away and blocker queries of the stand-ups (never commit here)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore, insert_ignore_many, insert_new
from storage.standups.models import (
    ASKED,
    AWAY,
    StandupAnswer,
    StandupAway,
    StandupBlocker,
    StandupPrompt,
    StandupReport,
)
from storage.standups.reads import away_between

# --- prompts and answers -------------------------------------------------------------------


@dataclass(frozen=True)
class NewPrompt:
    """What differs between the people a stand-up asks on one tick."""

    user_id: str
    local_date: date
    tz: str
    status: str
    late: bool
    due_at: datetime


def add_prompts(
    session: Session,
    prompts: Sequence[NewPrompt],
    *,
    standup_id: str,
    team_id: str,
    questions: list[str],
    blocker_index: int | None,
    sent_at: datetime,
) -> dict[tuple[str, date], int]:
    """Insert the (stand-up, person, day) rows that do not exist yet, in one statement per
    batch; (person, day) → id of each new row."""
    rows = [
        {
            "standup_id": standup_id,
            "team_id": team_id,
            "user_id": p.user_id,
            "local_date": p.local_date,
            "tz": p.tz,
            "status": p.status,
            "questions": questions,
            "blocker_index": blocker_index,
            "next_question": 0,
            "late": p.late,
            "due_at": p.due_at,
            "sent_at": sent_at,
        }
        for p in prompts
    ]
    new = insert_ignore_many(session, StandupPrompt, rows, "user_id", "local_date")
    return {(row.user_id, row.local_date): row.id for row in new}


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


def add_report(
    session: Session,
    *,
    standup_id: str,
    team_id: str,
    report_date: date,
    channel: str,
    outbox_key: str,
    posted_at: datetime,
) -> StandupReport | None:
    """Claim the (stand-up, day) report; None when it was already claimed.

    The claim counts as posted; the caller clears `posted` when there is nothing to post.
    """
    values = {
        "standup_id": standup_id,
        "team_id": team_id,
        "report_date": report_date,
        "channel": channel,
        "outbox_key": outbox_key,
        "posted": True,
        "posted_at": posted_at,
    }
    return insert_new(session, StandupReport, values, "standup_id", "report_date")


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


def end_away(session: Session, user_id: str, today: date) -> list[tuple[date, date]]:
    """End `user_id`'s away periods that cover `today`: they now end yesterday (one that began
    today is removed). Later periods stay. Returns the periods as they were."""
    rows = list(
        session.scalars(
            select(StandupAway)
            .where(StandupAway.user_id == user_id)
            .where(StandupAway.start_date <= today, StandupAway.end_date >= today)
            .order_by(StandupAway.start_date)
        )
    )
    ended = [(row.start_date, row.end_date) for row in rows]
    for row in rows:
        if row.start_date < today:
            row.end_date = today - timedelta(days=1)
        else:
            session.delete(row)
    session.flush()
    return ended


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
