"""`tandem export risks`: the register, one row per risk."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from bot.core.exports import Row
from bot.risk.model import EDITABLE
from storage import risks as repo
from storage.db import SessionFactory, unit_of_work
from storage.risks import Risk

COLUMNS = [
    "id",
    *EDITABLE,
    "raised_by",
    "score",
    "rating",
    "close_reason",
    "next_review_at",
    "last_reviewed_at",
    "occurred_at",
    "closed_at",
    "created_at",
    "updated_at",
    "thread_channel",
    "thread_ts",
]


def export_risks(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """The register, one row per risk (`since`: those changed since then)."""
    with unit_of_work(factory) as session:
        risks = repo.since(session, since)
    return COLUMNS, [_row(risk) for risk in risks]


def _row(risk: Risk) -> Row:
    row: Row = {name: getattr(risk, name) for name in COLUMNS if hasattr(risk, name)}
    row.update(id=risk.ref, thread_channel=risk.channel, thread_ts=risk.thread_ts)
    return row
