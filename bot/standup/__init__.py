"""Stand-ups and weekly status reports.

The pieces: `rules` (pure scheduling), `schedule` (the tick: prompts, reminders, reports,
blocker escalations), `answers` (DM replies, edits, the form, skip), `away` (/standup skip,
away, status, tz), `status_reports` and `export`. The container builds them and lists their
tick steps and exporter.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.standup.answers import Answers
from bot.standup.away import Availability
from bot.standup.schedule import StandupClock
from bot.standup.status_reports import StatusReports


@dataclass(frozen=True)
class StandupService:
    """The stand-up services handlers use, built together by the container."""

    schedule: StandupClock
    answers: Answers
    away: Availability
    status_reports: StatusReports
