"""Small pieces of message text: instants in the reader's zone, durations, mentions."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo


def local_time(at: datetime, tz: ZoneInfo) -> str:
    """`at` in `tz`, like "Tue 1 Dec 10:00 EST"."""
    local = at.astimezone(tz)
    return f"{local:%a} {local.day} {local:%b %H:%M} {local.tzname()}"


def slack_time(at: datetime, fallback_tz: ZoneInfo) -> str:
    """A Slack date token: each reader sees `at` in their own zone (fallback: `fallback_tz`)."""
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{local_time(at, fallback_tz)}>"


def duration(seconds: float) -> str:
    """A short human duration: "45s", "12m", "2h 5m", "3d 4h"."""
    total = int(seconds)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {minutes}m" if minutes else f"{hours}h"
    if minutes:
        return f"{minutes}m"
    return f"{secs}s"


def mention(user: str | None, nobody: str) -> str:
    """`<@U123>`, or `nobody` when there is no one."""
    return f"<@{user}>" if user else nobody
