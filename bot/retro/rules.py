"""Pure retro scheduling: which day is a retro day, and when each person is asked."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.workspace.model import Retro

# `every = "2w"` counts weeks from this Monday: a week is a retro week when the number of
# weeks since it is a multiple of `every`, whatever day Tandem was installed.
EPOCH_MONDAY = date(2024, 1, 1)
# A session stays open this long after the last member was asked (the next day, same time).
OPEN_FOR = timedelta(days=1)


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """`at` on `day` in `tz`, as a UTC instant."""
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def retro_day(retro: Retro, today: date) -> date | None:
    """The retro day of `today`'s week, when that week is a retro week."""
    monday = today - timedelta(days=today.weekday())
    if ((monday - EPOCH_MONDAY).days // 7) % retro.every_weeks:
        return None
    return monday + timedelta(days=retro.day)
