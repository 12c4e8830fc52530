"""Escalation runs, the pages they sent, and their append-only event log.

A run's state (`next_pass`, `next_level`, `next_fire_at`) lives here and is advanced by the
tick; `fence` is SQLAlchemy's version counter, so every UPDATE of a run is conditional on the
version it read and a second writer with a stale copy fails instead of doubling a step.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    exists,
    false,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore
from storage.models import Base, OutboxMessage, OutboxState


class RunStatus(StrEnum):
    """Where an escalation run stands; `triggered` pages, `acknowledged` waits for resolve."""

    TRIGGERED = "triggered"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"
    EXHAUSTED = "exhausted"


ACTIVE = (RunStatus.TRIGGERED, RunStatus.ACKNOWLEDGED)


class EscalationRun(Base):
    """One escalation of one subject, on a snapshot of its policy."""

    __tablename__ = "escalation_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject_kind: Mapped[str] = mapped_column(String(20))
    subject_ref: Mapped[str] = mapped_column(String(100))
    subject_title: Mapped[str] = mapped_column(String(300))
    subject_owner: Mapped[str | None] = mapped_column(String(40))
    subject_team: Mapped[str | None] = mapped_column(String(100))
    # the subject affects customers (a customer-impacting risk): its pages say so
    subject_customer: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # outbox key of the message whose thread gets the run's log lines (None: not mirrored)
    thread_key: Mapped[str | None] = mapped_column(String(300))
    # "kind:ref" while triggered or acknowledged, else NULL: one active run per subject
    active_key: Mapped[str | None] = mapped_column(String(130), unique=True)
    policy_id: Mapped[str] = mapped_column(String(100))
    policy_version: Mapped[str] = mapped_column(String(20))
    policy: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16))  # triggered|acknowledged|resolved|exhausted
    next_pass: Mapped[int | None] = mapped_column(Integer)
    next_level: Mapped[int | None] = mapped_column(Integer)  # None: exhausted when due
    next_fire_at: Mapped[datetime | None]
    fence: Mapped[int] = mapped_column(Integer)
    # how many times an acknowledged run went back to paging (`reescalate_after`)
    cycle: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_by: Mapped[str | None] = mapped_column(String(40))
    reason: Mapped[str] = mapped_column(Text)
    started_at: Mapped[datetime]
    acked_by: Mapped[str | None] = mapped_column(String(40))  # the first acknowledgement
    acked_at: Mapped[datetime | None]
    mtta_seconds: Mapped[int | None] = mapped_column(Integer)
    resolved_by: Mapped[str | None] = mapped_column(String(40))
    resolved_at: Mapped[datetime | None]
    exhausted_at: Mapped[datetime | None]

    __mapper_args__ = {"version_id_col": fence}  # noqa: RUF012 (SQLAlchemy reads a dict)
    __table_args__ = (
        Index("ix_escalation_run_due", "status", "next_fire_at"),
        Index("ix_escalation_run_started", "started_at"),
    )


class EscalationPage(Base):
    """One person notified for one level of one pass (of one re-escalation cycle): at most
    once (rule 11)."""

    __tablename__ = "escalation_page"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("escalation_run.id"))
    cycle: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    pass_no: Mapped[int] = mapped_column(Integer)
    level: Mapped[int] = mapped_column(Integer)
    user_id: Mapped[str] = mapped_column(String(40))
    paged_at: Mapped[datetime]

    __table_args__ = (UniqueConstraint("run_id", "cycle", "pass_no", "level", "user_id"),)


class EscalationCursor(Base):
    """Whom a round-robin level of a policy paged last: the next run starts after them."""

    __tablename__ = "escalation_cursor"

    policy_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    level: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_user: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime]


class EscalationEvent(Base):
    """Append-only audit trail of a run: every state change, mirrored in its thread."""

    __tablename__ = "escalation_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("escalation_run.id"), index=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(30))
    actor: Mapped[str | None] = mapped_column(String(40))
    detail: Mapped[dict[str, Any]]


class EscalationRequest(Base):
    """An idempotency key given to `Escalator.start`: each is honoured once, ever."""

    __tablename__ = "escalation_request"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    at: Mapped[datetime]


def claim_request(session: Session, key: str, now: datetime) -> bool:
    return insert_ignore(session, EscalationRequest, {"key": key[:200], "at": now})


def active_run(session: Session, kind: str, ref: str, *, lock: bool = True) -> EscalationRun | None:
    """The subject's triggered or acknowledged run, locked for update on PostgreSQL."""
    stmt = select(EscalationRun).where(EscalationRun.active_key == f"{kind}:{ref}")
    return session.scalar(stmt.with_for_update() if lock else stmt)


def count_subjects(session: Session, kind: str) -> int:
    """How many runs were ever started for subjects of `kind` (numbers `/page` subjects)."""
    return int(
        session.scalar(
            select(func.count(EscalationRun.id)).where(EscalationRun.subject_kind == kind)
        )
        or 0
    )


def open_runs_paging(session: Session, user_id: str, limit: int) -> list[EscalationRun]:
    """Triggered or acknowledged runs that paged `user_id`, oldest first (a hand-over's list)."""
    paged = (
        exists()
        .where(EscalationPage.run_id == EscalationRun.id)
        .where(EscalationPage.user_id == user_id)
    )
    return list(
        session.scalars(
            select(EscalationRun)
            .where(EscalationRun.status.in_(ACTIVE), paged)
            .order_by(EscalationRun.started_at, EscalationRun.id)
            .limit(limit)
        )
    )


def locked_run(session: Session, run_id: int) -> EscalationRun | None:
    return session.get(EscalationRun, run_id, with_for_update=True)


def due_run_ids(session: Session, now: datetime, limit: int) -> list[int]:
    """Active runs whose next step is due, most overdue first (an acknowledged run has one
    only when it pages again after `reescalate_after`)."""
    return list(
        session.scalars(
            select(EscalationRun.id)
            .where(EscalationRun.status.in_(ACTIVE))
            .where(EscalationRun.next_fire_at <= now)
            .order_by(EscalationRun.next_fire_at, EscalationRun.id)
            .limit(limit)
        )
    )


def lock_if_due(session: Session, run_id: int, now: datetime) -> EscalationRun | None:
    """The run, if still due; None when done already or another tick holds it (PostgreSQL)."""
    return session.scalar(
        select(EscalationRun)
        .where(EscalationRun.id == run_id)
        .where(EscalationRun.status.in_(ACTIVE))
        .where(EscalationRun.next_fire_at <= now)
        .with_for_update(skip_locked=True)
    )


def add_page(
    session: Session,
    run_id: int,
    pass_no: int,
    level: int,
    user_id: str,
    now: datetime,
    cycle: int = 0,
) -> bool:
    """Record that `user_id` is paged for this step; False when they already were."""
    values = {"run_id": run_id, "cycle": cycle, "pass_no": pass_no, "level": level}
    return insert_ignore(session, EscalationPage, values | {"user_id": user_id, "paged_at": now})


def last_page(session: Session, run_id: int) -> EscalationPage | None:
    """The run's latest page: its pass and level are where the run last fired."""
    return session.scalar(
        select(EscalationPage)
        .where(EscalationPage.run_id == run_id)
        .order_by(EscalationPage.id.desc())
        .limit(1)
    )


def turn(session: Session, policy_id: str, level: int) -> str | None:
    """Whom the round-robin `level` of `policy_id` paged last, locked until commit."""
    cursor = session.get(EscalationCursor, (policy_id, level), with_for_update=True)
    return None if cursor is None else cursor.last_user


def set_turn(session: Session, policy_id: str, level: int, user: str, now: datetime) -> None:
    """Move the level's cursor to `user` (the row is created the first time)."""
    values = {"policy_id": policy_id, "level": level, "last_user": user, "updated_at": now}
    if not insert_ignore(session, EscalationCursor, values):
        cursor = session.get(EscalationCursor, (policy_id, level), populate_existing=True)
        assert cursor is not None
        cursor.last_user, cursor.updated_at = user, now


def pages(session: Session, run_id: int) -> list[EscalationPage]:
    return list(
        session.scalars(
            select(EscalationPage)
            .where(EscalationPage.run_id == run_id)
            .order_by(EscalationPage.id)
        )
    )


def any_page(
    session: Session, run_id: int, *, user_id: str | None = None, pass_no: int | None = None
) -> bool:
    """True when the run paged anyone (only `user_id`, only in `pass_no`, when given)."""
    found = exists().where(EscalationPage.run_id == run_id)
    if user_id is not None:
        found = found.where(EscalationPage.user_id == user_id)
    if pass_no is not None:
        found = found.where(EscalationPage.pass_no == pass_no)
    return bool(session.scalar(select(found)))


def add_event(
    session: Session,
    run_id: int,
    kind: str,
    at: datetime,
    actor: str | None = None,
    **detail: Any,
) -> EscalationEvent:
    event = EscalationEvent(run_id=run_id, kind=kind, at=at, actor=actor, detail=detail)
    session.add(event)
    session.flush()
    return event


def last_ack(session: Session, run_id: int) -> EscalationEvent | None:
    """The run's latest acknowledgement (who, when)."""
    return session.scalar(
        select(EscalationEvent)
        .where(EscalationEvent.run_id == run_id)
        .where(EscalationEvent.kind == "acknowledged")
        .order_by(EscalationEvent.id.desc())
        .limit(1)
    )


def events(session: Session, run_id: int) -> list[EscalationEvent]:
    return list(
        session.scalars(
            select(EscalationEvent)
            .where(EscalationEvent.run_id == run_id)
            .order_by(EscalationEvent.id)
        )
    )


def live_message_keys(session: Session, keys: Sequence[str]) -> set[str]:
    """Those of `keys` whose outbox message is sent or still on its way (not cancelled)."""
    if not keys:
        return set()
    return set(
        session.scalars(
            select(OutboxMessage.key)
            .where(OutboxMessage.key.in_(list(keys)))
            .where(
                OutboxMessage.state.in_(
                    (OutboxState.PENDING, OutboxState.SENDING, OutboxState.SENT)
                )
            )
        )
    )


# --- read side for digests and exports ---------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    id: int
    subject_kind: str
    subject_ref: str
    subject_title: str
    subject_team: str | None
    policy_id: str
    policy_version: str
    status: str
    started_at: datetime
    acked_by: str | None
    acked_at: datetime | None
    mtta_seconds: int | None
    exhausted: bool
    thread_key: str | None = None  # outbox key of the subject's thread root
    subject_customer: bool = False


@dataclass(frozen=True)
class PeriodStats:
    started: int
    acknowledged: int
    exhausted: int
    mean_mtta_seconds: float | None
    max_mtta_seconds: int | None


def _summary(run: EscalationRun) -> RunSummary:
    return RunSummary(
        id=run.id,
        subject_kind=run.subject_kind,
        subject_ref=run.subject_ref,
        subject_title=run.subject_title,
        subject_team=run.subject_team,
        policy_id=run.policy_id,
        policy_version=run.policy_version,
        status=run.status,
        started_at=run.started_at,
        acked_by=run.acked_by,
        acked_at=run.acked_at,
        mtta_seconds=run.mtta_seconds,
        exhausted=run.exhausted_at is not None,
        subject_customer=run.subject_customer,
        thread_key=run.thread_key,
    )


def runs_started(
    session: Session, since: datetime, until: datetime, limit: int = 500
) -> list[RunSummary]:
    """Runs started in [since, until), oldest first, at most `limit` (one statement)."""
    rows = session.scalars(
        select(EscalationRun)
        .where(EscalationRun.started_at >= since)
        .where(EscalationRun.started_at < until)
        .order_by(EscalationRun.started_at, EscalationRun.id)
        .limit(limit)
    )
    return [_summary(run) for run in rows]


def period_stats(session: Session, since: datetime, until: datetime) -> PeriodStats:
    """Counts and MTTA over the runs started in [since, until) (one statement)."""
    row = session.execute(
        select(
            func.count(EscalationRun.id),
            func.count(EscalationRun.acked_at),
            func.sum(case((EscalationRun.exhausted_at.is_not(None), 1), else_=0)),
            func.avg(EscalationRun.mtta_seconds),
            func.max(EscalationRun.mtta_seconds),
        )
        .where(EscalationRun.started_at >= since)
        .where(EscalationRun.started_at < until)
    ).one()
    started, acked, exhausted, mean, longest = row
    return PeriodStats(
        started=int(started),
        acknowledged=int(acked),
        exhausted=int(exhausted or 0),
        mean_mtta_seconds=None if mean is None else float(mean),
        max_mtta_seconds=None if longest is None else int(longest),
    )


def all_runs(session: Session, since: datetime | None) -> Iterator[RunSummary]:
    """Every run started at or after `since` (all when None), streamed in batches."""
    stmt = select(EscalationRun).order_by(EscalationRun.id).execution_options(yield_per=500)
    if since is not None:
        stmt = stmt.where(EscalationRun.started_at >= since)
    for run in session.scalars(stmt):
        yield _summary(run)


@dataclass
class RunMarks:
    """What a run's events add to its export row."""

    escalated_by: list[str] = field(default_factory=list)
    handed_off_to: str | None = None
    reescalations: int = 0


MARKED = ("escalated", "handed_off", "reescalated")


def run_marks(session: Session, since: datetime | None) -> dict[int, RunMarks]:
    """Manual escalations, hand-offs and re-escalations of the runs started at or after
    `since` (all when None), by run id (one statement)."""
    event = EscalationEvent
    stmt = (
        select(event.run_id, event.kind, event.actor, event.detail)
        .join(EscalationRun, EscalationRun.id == EscalationEvent.run_id)
        .where(EscalationEvent.kind.in_(MARKED))
        .order_by(EscalationEvent.id)
    )
    if since is not None:
        stmt = stmt.where(EscalationRun.started_at >= since)
    marks: dict[int, RunMarks] = {}
    for run_id, kind, actor, detail in session.execute(stmt):
        mark = marks.setdefault(run_id, RunMarks())
        if kind == "escalated":
            mark.escalated_by.append(actor or "tandem")
        elif kind == "handed_off":
            mark.handed_off_to = detail.get("then")
        else:
            mark.reescalations += 1
    return marks
