"""`tandem export escalations`: one row per run."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.exports import Row, exporter
from storage import escalations as repo
from storage.db import unit_of_work

if TYPE_CHECKING:
    from bot.app.container import Services


@exporter("escalations")
def export_escalations(
    services: Services, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """One row per run: subject, policy version, start, first acknowledgement, MTTA, status."""

    def rows() -> Iterable[Row]:
        with unit_of_work(services.factory) as session:
            yield from (asdict(run) for run in repo.all_runs(session, since))

    return [column.name for column in fields(repo.RunSummary)], rows()
