"""`tandem export escalations`: one row per run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime

from bot.core.exports import Row
from storage import escalations as repo
from storage.db import SessionFactory, unit_of_work

# Besides the run's summary: who escalated it by hand (Escalate now, in order, space-separated),
# the policy an exhausted run handed off to, and how often it paged again after an
# acknowledgement (`reescalate_after`).
EXTRA = ["escalated_by", "handed_off_to", "reescalations"]


def export_escalations(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """One row per run: subject, policy version, start, first acknowledgement, MTTA, status,
    and the manual escalations, hand-off and re-escalations of `EXTRA`."""

    def rows() -> Iterable[Row]:
        with unit_of_work(factory) as session:
            marks = repo.run_marks(session, since)
            for run in repo.all_runs(session, since):
                mark = marks.get(run.id, repo.RunMarks())
                yield asdict(run) | {
                    "escalated_by": " ".join(mark.escalated_by),
                    "handed_off_to": mark.handed_off_to or "",
                    "reescalations": mark.reescalations,
                }

    return [column.name for column in fields(repo.RunSummary)] + EXTRA, rows()
