"""On-call overrides: who covers a rotation instead of its schedule, and when."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Index, Integer, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from storage.models import Base


class OncallOverride(Base):
    """`user_id` is on call for `rotation_id` from `starts_at` to `ends_at` (exclusive).

    Overlapping overrides are allowed; the newest (highest id) wins.
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
