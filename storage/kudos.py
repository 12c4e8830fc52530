"""Kudos: one person thanking another, posted in a team channel and counted per person."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import Index, Integer, String, Text, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.db import insert_new
from storage.models import Base


class Kudos(Base):
    """One `/kudos`; `key` is the Slack delivery that gave it, so a redelivery posts nothing."""

    __tablename__ = "kudos"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    giver: Mapped[str] = mapped_column(String(40))
    receiver: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text)
    team_id: Mapped[str | None] = mapped_column(String(64))  # whose channel it was posted in
    channel: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime]
    key: Mapped[str] = mapped_column(String(200), unique=True)

    __table_args__ = (
        Index("ix_kudos_given_at", "given_at"),
        Index("ix_kudos_receiver", "receiver", "given_at"),
    )


def add_if_absent(
    session: Session,
    *,
    giver: str,
    receiver: str,
    text: str,
    team_id: str | None,
    channel: str,
    now: datetime,
    key: str,
) -> Kudos | None:
    """Store kudos; None when the delivery `key` stored them already."""
    return insert_new(
        session,
        Kudos,
        {
            "giver": giver,
            "receiver": receiver,
            "text": text,
            "team_id": team_id,
            "channel": channel,
            "given_at": now,
            "key": key,
        },
        "key",
    )


def count_for(session: Session, receiver: str) -> int:
    """Kudos `receiver` has had, ever."""
    return int(
        session.scalar(select(func.count()).select_from(Kudos).filter_by(receiver=receiver)) or 0
    )


def given_between(
    session: Session, receivers: Collection[str], since: datetime, until: datetime
) -> list[Kudos]:
    """Kudos to any of `receivers` given in [since, until), oldest first (one statement)."""
    if not receivers:
        return []
    return list(
        session.scalars(
            select(Kudos)
            .where(Kudos.receiver.in_(list(receivers)))
            .where(Kudos.given_at >= since)
            .where(Kudos.given_at < until)
            .order_by(Kudos.given_at, Kudos.id)
        )
    )


def given_since(session: Session, since: datetime | None) -> list[Kudos]:
    """Every kudos given at or after `since` (all for None), oldest first."""
    query = select(Kudos).order_by(Kudos.given_at, Kudos.id)
    if since is not None:
        query = query.where(Kudos.given_at >= since)
    return list(session.scalars(query))


def received_since(session: Session, receiver: str, since: datetime) -> list[Kudos]:
    """Kudos `receiver` got at or after `since`, oldest first (one statement)."""
    return list(
        session.scalars(
            select(Kudos)
            .where(Kudos.receiver == receiver, Kudos.given_at >= since)
            .order_by(Kudos.given_at, Kudos.id)
        )
    )
