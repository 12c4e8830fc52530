"""On-call overrides (who covers a rotation instead of its schedule, and when) and cover
requests (asked in a team channel; the first other member who takes one gets an override)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Index, Integer, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.escalations import EscalationPage, EscalationRun
from storage.models import Base


class OncallOverride(Base):
    """`user_id` is on call for `rotation_id` from `starts_at` to `ends_at` (exclusive).

    New overrides never overlap another of the same rotation (the service refuses them);
    rows from before that rule may, and then the newest (highest id) wins.
    """

    __tablename__ = "oncall_override"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rotation_id: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]

    __table_args__ = (Index("ix_oncall_override_rotation", "rotation_id", "ends_at"),)


def add(
    session: Session,
    *,
    rotation_id: str,
    user_id: str,
    start: datetime,
    end: datetime,
    by: str,
    now: datetime,
) -> OncallOverride:
    row = OncallOverride(
        rotation_id=rotation_id,
        user_id=user_id,
        starts_at=start,
        ends_at=end,
        created_by=by,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def ending_after(
    session: Session, rotation_ids: Sequence[str], since: datetime
) -> list[OncallOverride]:
    """Overrides of these rotations still running or yet to come after `since`, oldest first."""
    if not rotation_ids:
        return []
    return list(
        session.scalars(
            select(OncallOverride)
            .where(OncallOverride.rotation_id.in_(list(rotation_ids)))
            .where(OncallOverride.ends_at > since)
            .order_by(OncallOverride.id)
        )
    )


def get(session: Session, override_id: int) -> OncallOverride | None:
    return session.get(OncallOverride, override_id)


def remove(session: Session, override_id: int) -> None:
    session.execute(delete(OncallOverride).where(OncallOverride.id == override_id))


def overlapping(
    session: Session, rotation_id: str, start: datetime, end: datetime
) -> OncallOverride | None:
    """The first override of `rotation_id` sharing some of [start, end), if any."""
    return session.scalar(
        select(OncallOverride)
        .where(OncallOverride.rotation_id == rotation_id)
        .where(OncallOverride.starts_at < end, OncallOverride.ends_at > start)
        .order_by(OncallOverride.starts_at, OncallOverride.id)
        .limit(1)
    )


def started_between(session: Session, since: datetime, until: datetime) -> list[OncallOverride]:
    """Overrides overlapping [since, until), oldest first."""
    return list(
        session.scalars(
            select(OncallOverride)
            .where(OncallOverride.starts_at < until, OncallOverride.ends_at > since)
            .order_by(OncallOverride.id)
        )
    )


class OncallCover(Base):
    """`requested_by` asks the other members of `rotation_id` to cover [starts_at, ends_at).

    `taken_by` is set once, by the first member who clicks *Take* (a conditional update), in
    the transaction that adds override `override_id`."""

    __tablename__ = "oncall_cover"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)  # the command that asked
    rotation_id: Mapped[str] = mapped_column(String(100))
    requested_by: Mapped[str] = mapped_column(String(40))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    note: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime]
    taken_by: Mapped[str | None] = mapped_column(String(40))
    taken_at: Mapped[datetime | None]
    override_id: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_oncall_cover_taken", "taken_at"),)


def add_cover(
    session: Session,
    *,
    key: str,
    rotation_id: str,
    requested_by: str,
    start: datetime,
    end: datetime,
    note: str,
    now: datetime,
) -> OncallCover | None:
    """A new request; None when `key` asked already."""
    if session.scalar(select(OncallCover.id).where(OncallCover.key == key)) is not None:
        return None
    row = OncallCover(
        key=key,
        rotation_id=rotation_id,
        requested_by=requested_by,
        starts_at=start,
        ends_at=end,
        note=note,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def get_cover(session: Session, cover_id: int) -> OncallCover | None:
    return session.get(OncallCover, cover_id, populate_existing=True)


def take_cover(session: Session, cover_id: int, user: str, now: datetime) -> bool:
    """Mark the request taken by `user` unless someone took it first; True when this won."""
    result = session.execute(
        update(OncallCover)
        .where(OncallCover.id == cover_id, OncallCover.taken_by.is_(None))
        .values(taken_by=user, taken_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


def covers_taken_between(session: Session, since: datetime, until: datetime) -> list[OncallCover]:
    """Requests taken in [since, until), oldest first."""
    return list(
        session.scalars(
            select(OncallCover)
            .where(OncallCover.taken_at >= since, OncallCover.taken_at < until)
            .order_by(OncallCover.id)
        )
    )


@dataclass(frozen=True)
class PageSeen:
    """One page: who, when, and whether (and when) that person acknowledged its run."""

    run_id: int
    user: str
    paged_at: datetime
    acked_by: str | None
    acked_at: datetime | None


def pages_between(session: Session, since: datetime, until: datetime) -> list[PageSeen]:
    """Every page sent in [since, until), oldest first, with its run's acknowledgement."""
    stmt = (
        select(
            EscalationPage.run_id,
            EscalationPage.user_id,
            EscalationPage.paged_at,
            EscalationRun.acked_by,
            EscalationRun.acked_at,
        )
        .join(EscalationRun, EscalationRun.id == EscalationPage.run_id)
        .where(EscalationPage.paged_at >= since, EscalationPage.paged_at < until)
        .order_by(EscalationPage.paged_at, EscalationPage.id)
    )
    return [PageSeen(*row) for row in session.execute(stmt)]


def first_page_at(session: Session) -> datetime | None:
    return session.scalar(select(EscalationPage.paged_at).order_by(EscalationPage.paged_at))
