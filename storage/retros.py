"""Retrospective tables: one session per (retro, cycle) and one prompt per member of it.

A session's `cycle` is its key: the retro day (ISO date, in the team's zone) for scheduled
ones, `start:{trigger_id}` for `/retro start`, so repeated ticks and Slack retries never open
a second one. Prompts are written for every member when the session opens, asked or away.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_new
from storage.models import Base

ASKED = "asked"
AWAY = "away"


class RetroSession(Base):
    __tablename__ = "retro_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    retro_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    cycle: Mapped[str] = mapped_column(String(200))
    # The questions as asked, so later config edits never relabel stored answers.
    questions: Mapped[list[str]] = mapped_column(JSON)
    lesson_questions: Mapped[list[int]] = mapped_column(JSON)  # 0-based
    started_by: Mapped[str | None] = mapped_column(String(40))
    opened_at: Mapped[datetime]
    closes_at: Mapped[datetime]
    closed_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("retro_id", "cycle"),)


class RetroPrompt(Base):
    __tablename__ = "retro_prompt"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("retro_session.id", ondelete="CASCADE"))
    user_id: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(16))  # asked | away
    due_at: Mapped[datetime]  # the retro's time in the person's own zone
    sent_at: Mapped[datetime | None]
    answers: Mapped[list[str] | None] = mapped_column(JSON)
    # The DM each answer came from, by question ("" for an answer from the form), so an
    # edit of that DM edits the answer.
    message_ts: Mapped[list[str] | None] = mapped_column(JSON)
    answered_at: Mapped[datetime | None]

    __table_args__ = (UniqueConstraint("session_id", "user_id"),)


def open_session(session: Session, values: dict[str, Any]) -> RetroSession | None:
    """The new session, or None when its (retro, cycle) exists already."""
    return insert_new(session, RetroSession, values, "retro_id", "cycle")


def add_prompts(session: Session, rows: list[dict[str, Any]]) -> None:
    session.add_all(RetroPrompt(**row) for row in rows)


def open_sessions(session: Session, retro_id: str | None = None) -> list[RetroSession]:
    stmt = select(RetroSession).where(RetroSession.closed_at.is_(None))
    if retro_id is not None:
        stmt = stmt.where(RetroSession.retro_id == retro_id)
    return list(session.scalars(stmt.order_by(RetroSession.id)))


def has_cycle(session: Session, retro_id: str, cycle: str) -> bool:
    stmt = select(RetroSession.id).where(
        RetroSession.retro_id == retro_id, RetroSession.cycle == cycle
    )
    return session.scalar(stmt) is not None


def prompts_of(session: Session, session_id: int) -> list[RetroPrompt]:
    stmt = select(RetroPrompt).where(RetroPrompt.session_id == session_id)
    return list(session.scalars(stmt.order_by(RetroPrompt.id)))


def due_unsent(session: Session, session_id: int, now: datetime) -> list[RetroPrompt]:
    stmt = select(RetroPrompt).where(
        RetroPrompt.session_id == session_id,
        RetroPrompt.status == ASKED,
        RetroPrompt.sent_at.is_(None),
        RetroPrompt.due_at <= now,
    )
    return list(session.scalars(stmt.order_by(RetroPrompt.id)))


def latest_open_prompt(session: Session, user_id: str) -> RetroPrompt | None:
    """The person's most recently sent prompt of a session still open (asked, not away)."""
    stmt = (
        select(RetroPrompt)
        .join(RetroSession, RetroSession.id == RetroPrompt.session_id)
        .where(
            RetroPrompt.user_id == user_id,
            RetroPrompt.status == ASKED,
            RetroPrompt.sent_at.is_not(None),
            RetroSession.closed_at.is_(None),
        )
        .order_by(RetroPrompt.sent_at.desc(), RetroPrompt.id.desc())
        .limit(1)
    )
    return session.scalar(stmt)


def lock_prompt(session: Session, prompt_id: int) -> RetroPrompt | None:
    """The prompt, locked until commit (PostgreSQL), so two answers never interleave."""
    return session.get(RetroPrompt, prompt_id, with_for_update=True, populate_existing=True)


def prompt_by_message(
    session: Session, user_id: str, message_ts: str, recent: int = 20
) -> tuple[RetroPrompt, int] | None:
    """The prompt (among the person's `recent` newest) that DM `message_ts` answered, and
    the question it answered; None when it answered none."""
    stmt = (
        select(RetroPrompt)
        .where(RetroPrompt.user_id == user_id, RetroPrompt.sent_at.is_not(None))
        .order_by(RetroPrompt.id.desc())
        .limit(recent)
    )
    for prompt in session.scalars(stmt):
        stamps = list(prompt.message_ts or [])
        if message_ts in stamps:
            return prompt, stamps.index(message_ts)
    return None


def claim_close(session: Session, session_id: int, now: datetime) -> bool:
    """Close the session; False when another tick or submission closed it first."""
    result = session.execute(
        update(RetroSession)
        .where(RetroSession.id == session_id, RetroSession.closed_at.is_(None))
        .values(closed_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
