"""The clock lease (one scheduler per database) and heartbeats such as `last_tick`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore
from storage.models import ClockLease, Heartbeat

LEASE = "clock"


def acquire_lease(session: Session, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the clock lease; False while another live holder has it."""
    if insert_ignore(
        session, ClockLease, {"name": LEASE, "holder": holder, "expires_at": now + ttl}
    ):
        return True
    result: Any = session.execute(
        update(ClockLease)
        .where(ClockLease.name == LEASE)
        .where(or_(ClockLease.holder == holder, ClockLease.expires_at <= now))
        .values(holder=holder, expires_at=now + ttl)
    )
    return bool(result.rowcount == 1)


def current_lease(session: Session) -> ClockLease | None:
    return session.get(ClockLease, LEASE)


def release_lease(session: Session, holder: str) -> None:
    session.execute(
        delete(ClockLease).where(ClockLease.name == LEASE).where(ClockLease.holder == holder)
    )


def beat(session: Session, name: str, at: datetime) -> None:
    if not insert_ignore(session, Heartbeat, {"name": name, "at": at}):
        session.execute(update(Heartbeat).where(Heartbeat.name == name).values(at=at))


def last_beat(session: Session, name: str) -> datetime | None:
    row = session.get(Heartbeat, name)
    return row.at if row is not None else None
