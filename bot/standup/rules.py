"""Pure stand-up scheduling rules: what is due when, in whose zone. No I/O, no clock.

Every function takes `now` (UTC-aware) and works in local wall time through zoneinfo, so a
DST change never moves a 09:30 prompt: the instant is recomputed for each local date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.workspace.model import Standup, StatusReport, Team

# A prompt sent more than this after its time is marked late (the clock was down or slow).
LATE_AFTER = timedelta(minutes=10)
LOOKAHEAD_DAYS = 21

_NONE_ANSWERS = frozenset(
    {
        "none",
        "no",
        "nope",
        "n/a",
        "na",
        "nil",
        "nothing",
        "no blockers",
        "no blocker",
        "none so far",
        "not blocked",
        "nothing blocking",
        "nothing blocking me",
        "all good",
        "没有",
        "无",
        "沒有",
        "無",
        "なし",
        "keine",
        "nada",
        "aucun",
        "rien",
    }
)
_TRIM = re.compile(r"^[\s\W_]+|[\s\W_]+$", re.UNICODE)


@dataclass(frozen=True)
class DuePrompt:
    user: str
    local_date: date  # the stand-up day, in the person's zone
    due_at: datetime  # UTC instant of `time` on that day in the person's zone
    tz: ZoneInfo
    late: bool


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`at` on `day` in `tz`, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def is_standup_day(standup: Standup, team: Team, day: date) -> bool:
    """A configured weekday that is not one of the team's holidays."""
    return day.weekday() in standup.days and day not in team.holidays


def due_prompts(
    standup: Standup, team: Team, zones: Mapping[str, ZoneInfo], now: datetime
) -> list[DuePrompt]:
    """Prompts that are due now: local time past `standup.time` on a stand-up day.

    Only the person's current local date is considered, so a clock that was down catches up
    later the same day (marked late) and never prompts for a day that is over. Whether a
    prompt already exists for the day is the caller's unique key to check.
    """
    due = []
    for user, tz in zones.items():
        local = now.astimezone(tz)
        day = local.date()
        if not is_standup_day(standup, team, day) or local.time() < standup.time:
            continue
        at = min(local_instant(day, standup.time, tz), now)  # a skipped wall time: now
        due.append(DuePrompt(user, day, at, tz, now - at > LATE_AFTER))
    return due


def report_day(standup: Standup, team: Team, now: datetime) -> date | None:
    """The team-local stand-up day whose report is due now, if any (same-day catch-up)."""
    local = now.astimezone(team.timezone)
    day = local.date()
    if is_standup_day(standup, team, day) and local.time() >= standup.report_at:
        return day
    return None


def day_over(day: date, tz: ZoneInfo, now: datetime) -> bool:
    return now.astimezone(tz).date() > day


def next_prompt_at(
    standup: Standup,
    team: Team,
    tz: ZoneInfo,
    now: datetime,
    prompted: set[date],
    away: Sequence[tuple[date, date]],
) -> datetime | None:
    """When the person is next asked (UTC): today if still ahead or due, else a later day."""
    today = now.astimezone(tz).date()
    for offset in range(LOOKAHEAD_DAYS):
        day = today + timedelta(days=offset)
        if not is_standup_day(standup, team, day) or day in prompted:
            continue
        if any(start <= day <= end for start, end in away):
            continue
        return (
            max(local_instant(day, standup.time, tz), now)
            if offset == 0
            else (local_instant(day, standup.time, tz))
        )
    return None


def status_report_day(report: StatusReport, team: Team, now: datetime) -> date | None:
    """The team-local day whose weekly status report is due now, if any."""
    local = now.astimezone(team.timezone)
    if local.weekday() == report.day and local.time() >= report.time:
        return local.date()
    return None


def next_status_report_at(report: StatusReport, team: Team, now: datetime) -> datetime:
    """The next time the weekly status report is asked (UTC)."""
    today = now.astimezone(team.timezone).date()
    days = [today + timedelta(days=n) for n in range(8)]
    instants = [
        local_instant(d, report.time, team.timezone) for d in days if d.weekday() == report.day
    ]
    return next(at for at in instants if at >= now)


def is_none_answer(text: str) -> bool:
    """True for "none", "no", "n/a", "-", "nothing", "没有", "无" and the like."""
    trimmed = _TRIM.sub("", text.strip().lower())
    return not trimmed or re.sub(r"\s+", " ", trimmed) in _NONE_ANSWERS
