"""Stand-ups and weekly status reports.

`install(services)` builds the services, registers the tick steps and the exporter. The
pieces: `rules` (pure scheduling), `schedule` (the tick: prompts, reminders, reports,
blocker escalations), `answers` (DM replies, edits, the form, skip), `away` (/standup skip,
away, status, tz) and `status_reports`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.standup.answers import Answers
from bot.standup.away import Availability
from bot.standup.schedule import StandupClock
from bot.standup.status_reports import StatusReports

if TYPE_CHECKING:
    from bot.app.container import Services


@dataclass(frozen=True)
class StandupService:
    schedule: StandupClock
    answers: Answers
    away: Availability
    status_reports: StatusReports


def install(services: Services) -> StandupService:
    from bot.standup import export  # noqa: F401 - registers `tandem export standups`

    service = StandupService(
        StandupClock(services), Answers(services), Availability(services), StatusReports(services)
    )
    services.tick_steps.append(("standups", service.schedule.tick))
    services.tick_steps.append(("status_reports", service.status_reports.tick))
    return service
