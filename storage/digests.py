"""Digest runs (one per digest and period, so each is posted once) and their chart uploads."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore
from storage.models import Base, OutboxMessage, OutboxState

UPLOAD_LEASE = timedelta(minutes=2)


class DigestRun(Base):
    """A digest posted (or deliberately skipped) for the period ending at `period_end`.

    `key` is "<digest id>:<period end, ISO 8601 UTC>": inserting it with ON CONFLICT DO NOTHING
    in the transaction that queues the messages is what makes a doubled tick harmless.
    """

    __tablename__ = "digest_run"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    digest_id: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # scheduled | manual
    state: Mapped[str] = mapped_column(String(16))  # posted | skipped
    period_start: Mapped[datetime]
    period_end: Mapped[datetime]
    posted_by: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_digest_run_latest", "digest_id", "period_end"),)


class DigestChart(Base):
    """A PNG chart to upload into a digest's thread once its root message has a ts."""

    __tablename__ = "digest_chart"

    run_key: Mapped[str] = mapped_column(ForeignKey("digest_run.key"), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    root_key: Mapped[str] = mapped_column(String(300), index=True)  # outbox key of the root
    position: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    state: Mapped[str] = mapped_column(String(16))  # pending | uploading | uploaded | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime]
    uploaded_at: Mapped[datetime | None]


def last_scheduled_end(session: Session, digest_id: str) -> datetime | None:
    """End of the newest scheduled period of `digest_id` (posted or skipped), if any."""
    return session.scalar(
        select(DigestRun.period_end)
        .where(DigestRun.digest_id == digest_id, DigestRun.kind == "scheduled")
        .order_by(DigestRun.period_end.desc())
        .limit(1)
    )


def add_run(session: Session, **values: Any) -> bool:
    """Insert a run unless its key exists; True when it is new (the caller may post it)."""
    return insert_ignore(session, DigestRun, values)


def add_charts(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    for values in rows:
        insert_ignore(session, DigestChart, values)


def runs_with_charts_ready(session: Session, now: datetime) -> list[str]:
    """Runs with charts waiting for upload whose root message has been sent."""
    stmt = (
        select(DigestChart.run_key)
        .join(OutboxMessage, OutboxMessage.key == DigestChart.root_key)
        .where(OutboxMessage.state == OutboxState.SENT)
        .where(DigestChart.state.in_(("pending", "uploading")))
        .where(DigestChart.next_attempt_at <= now)
        .group_by(DigestChart.run_key)
        .order_by(DigestChart.run_key)
    )
    return list(session.scalars(stmt))


def claim_charts(session: Session, run_key: str, now: datetime) -> list[DigestChart]:
    """Take a run's due charts for upload (compare-and-set); [] when another process has them.

    A chart found in `uploading` belonged to a process that died mid-upload; its lease has
    expired, so it is tried again.
    """
    due = (
        (DigestChart.run_key == run_key)
        & DigestChart.state.in_(("pending", "uploading"))
        & (DigestChart.next_attempt_at <= now)
    )
    result: Any = session.execute(
        update(DigestChart)
        .where(due)
        .values(
            state="uploading",
            attempts=DigestChart.attempts + 1,
            next_attempt_at=now + UPLOAD_LEASE,
        )
        .execution_options(synchronize_session=False)
    )
    if not result.rowcount:
        return []
    return list(
        session.scalars(
            select(DigestChart)
            .where(DigestChart.run_key == run_key, DigestChart.state == "uploading")
            .order_by(DigestChart.position)
            .execution_options(populate_existing=True)
        )
    )


def finish_charts(
    session: Session,
    run_key: str,
    *,
    state: str,
    now: datetime,
    error: str | None = None,
    retry_at: datetime | None = None,
) -> None:
    """Record the outcome of an upload attempt for every chart of the run being uploaded."""
    values: dict[str, Any] = {"state": state, "last_error": error}
    if state == "uploaded":
        values["uploaded_at"] = now
    if retry_at is not None:
        values["next_attempt_at"] = retry_at
    session.execute(
        update(DigestChart)
        .where(DigestChart.run_key == run_key, DigestChart.state == "uploading")
        .values(**values)
        .execution_options(synchronize_session=False)
    )
