"""When Tandem first saw each schedule: one read per kind and tick, a write only when new."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore_many
from storage.models import ScheduleSighting


def first_seen(
    session: Session, kind: str, schedule_ids: Collection[str], now: datetime
) -> dict[str, datetime]:
    """The first sighting of each schedule of `kind`, recording `now` for those never seen.

    A sighting only moves earlier: a `tandem tick --at` before the first one (a test, a
    replay) counts as seeing the schedule then.
    """
    rows = session.execute(
        select(ScheduleSighting.schedule_id, ScheduleSighting.first_seen_at).where(
            ScheduleSighting.kind == kind
        )
    ).all()
    seen = {schedule_id: at for schedule_id, at in rows}
    new = [sid for sid in schedule_ids if sid not in seen]
    if new:
        insert_ignore_many(
            session,
            ScheduleSighting,
            [{"kind": kind, "schedule_id": sid, "first_seen_at": now} for sid in new],
        )
        seen.update(dict.fromkeys(new, now))
    earlier = [sid for sid in schedule_ids if seen[sid] > now]
    if earlier:
        session.execute(
            update(ScheduleSighting)
            .where(ScheduleSighting.kind == kind, ScheduleSighting.schedule_id.in_(earlier))
            .values(first_seen_at=now)
        )
        seen.update(dict.fromkeys(earlier, now))
    return seen
