"""On-call hand-overs: what the outgoing person wrote for the incoming one at a hand-off."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_ignore
from storage.models import Base


class OncallHandover(Base):
    """One hand-over note: at most one per (rotation, hand-off instant, outgoing person)."""

    __tablename__ = "oncall_handover"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rotation_id: Mapped[str] = mapped_column(String(100))
    team_id: Mapped[str] = mapped_column(String(100))
    handoff_at: Mapped[datetime]
    outgoing: Mapped[str] = mapped_column(String(40))
    incoming: Mapped[str | None] = mapped_column(String(40))
    notes: Mapped[str] = mapped_column(Text)
    submitted_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("rotation_id", "handoff_at", "outgoing"),
        Index("ix_oncall_handover_submitted", "submitted_at"),
    )


def add_if_absent(
    session: Session,
    *,
    rotation_id: str,
    team_id: str,
    handoff_at: datetime,
    outgoing: str,
    incoming: str | None,
    notes: str,
    now: datetime,
) -> OncallHandover | None:
    """Store a hand-over; None when this person already wrote the one for that hand-off."""
    added = insert_ignore(
        session,
        OncallHandover,
        {
            "rotation_id": rotation_id,
            "team_id": team_id,
            "handoff_at": handoff_at,
            "outgoing": outgoing,
            "incoming": incoming,
            "notes": notes,
            "submitted_at": now,
        },
    )
    return find(session, rotation_id, handoff_at, outgoing) if added else None


def find(
    session: Session, rotation_id: str, handoff_at: datetime, outgoing: str
) -> OncallHandover | None:
    return session.scalar(
        select(OncallHandover)
        .where(OncallHandover.rotation_id == rotation_id)
        .where(OncallHandover.handoff_at == handoff_at)
        .where(OncallHandover.outgoing == outgoing)
    )


def submitted_between(
    session: Session, team_ids: list[str], since: datetime, until: datetime
) -> list[OncallHandover]:
    """Hand-overs of these teams submitted in [since, until), oldest first (one query)."""
    if not team_ids:
        return []
    return list(
        session.scalars(
            select(OncallHandover)
            .where(OncallHandover.team_id.in_(team_ids))
            .where(OncallHandover.submitted_at >= since)
            .where(OncallHandover.submitted_at < until)
            .order_by(OncallHandover.submitted_at, OncallHandover.id)
        )
    )
