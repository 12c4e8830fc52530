"""`tandem export lessons`: one row per lesson."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.exports import Row
from storage import lessons as repo
from storage.db import SessionFactory, unit_of_work

COLUMNS = ["id", "team", "author", "risk", "source", "text", "created_at"]


def export_lessons(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """Every lesson, oldest first (`since`: those recorded since then)."""
    with unit_of_work(factory, readonly=True) as session:
        lessons = repo.since(session, since)
    return COLUMNS, [
        {
            "id": lesson.ref,
            "team": lesson.team,
            "author": lesson.author,
            "risk": f"R-{lesson.risk_id}" if lesson.risk_id is not None else "",
            "source": lesson.source,
            "text": lesson.text,
            "created_at": lesson.created_at,
        }
        for lesson in lessons
    ]
