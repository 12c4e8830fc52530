"""`tandem export escalations`: one row per run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime

from bot.core.exports import Row
from storage import escalations as repo
from storage.db import SessionFactory, unit_of_work


def export_escalations(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """One row per run: subject, policy version, start, first acknowledgement, MTTA, status."""

    def rows() -> Iterable[Row]:
        with unit_of_work(factory) as session:
            yield from (asdict(run) for run in repo.all_runs(session, since))

    return [column.name for column in fields(repo.RunSummary)], rows()
