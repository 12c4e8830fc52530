"""`tandem export goals`: one row per goal created or updated since the given time."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.exports import Row
from storage import goals as repo
from storage.db import SessionFactory, unit_of_work

COLUMNS = [
    "id",
    "title",
    "teams",
    "value",
    "target",
    "percent",
    "due",
    "created_by",
    "created_at",
    "updated_at",
]


def export_goals(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    with unit_of_work(factory, readonly=True) as session:
        found = repo.changed_since(session, since)
    rows = [
        {
            "id": f"G-{goal.id}",
            "title": goal.title,
            "teams": list(teams),
            "value": goal.value,
            "target": goal.target,
            "percent": (
                round(min(max(goal.value / goal.target, 0.0), 1.0) * 100) if goal.target else None
            ),
            "due": goal.due.isoformat() if goal.due else None,
            "created_by": goal.created_by,
            "created_at": goal.created_at,
            "updated_at": goal.updated_at,
        }
        for goal, teams in found
    ]
    return COLUMNS, rows
