"""Reading dates people type ("next friday 5pm", "in 2 weeks", "2026-12-01").

The one place that calls dateparser: always in the person's own zone, relative to the Clock's
now, preferring the future. Chinese phrases dateparser misses are rewritten first
(`bot.core.dates_zh`).
"""

from __future__ import annotations

import contextlib
import functools
import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import dateparser

from bot.core import dates_zh
from bot.core.errors import UserError

# "FROM to TO"; in Chinese "FROM到TO" or "FROM至TO", with or without spaces.
_RANGE_SPLIT = re.compile(r"\s+(?:to|until|till|-|–|—|→)\s+|\s*[到至]\s*", re.IGNORECASE)
MAX_DATE_TEXT = 100


@functools.cache
def warm_up() -> None:
    """Load dateparser's language data now (about 4 s, once per process), so the first person
    to type a date after a deploy is not the one who waits for it."""
    now = datetime(2026, 1, 1, tzinfo=UTC)
    for phrase in ("next friday 5pm", "someday"):  # a miss makes dateparser try every language
        with contextlib.suppress(UserError):
            parse_when(phrase, ZoneInfo("UTC"), now)


def parse_when(
    text: str,
    tz: ZoneInfo,
    now: datetime,
    *,
    allow_past: bool = False,
    day_start: time | None = None,
) -> datetime:
    """Parse `text` as an instant in `tz`; returns it in UTC.

    A bare date ("2026-12-01", "friday") means `day_start` of that day when given, else
    midnight.

    Raises:
        UserError: the text is not a date, or it is in the past and `allow_past` is false.
    """
    phrase = text.strip()
    if not phrase or len(phrase) > MAX_DATE_TEXT:
        raise UserError("error.date_unparsed", text=phrase[:MAX_DATE_TEXT])
    local_now = now.astimezone(tz)
    readable = dates_zh.normalise(phrase, local_now) or phrase
    parsed = dateparser.parse(
        readable,
        settings={
            "RELATIVE_BASE": local_now.replace(tzinfo=None),
            "PREFER_DATES_FROM": "future",
            "TIMEZONE": str(tz),
            # Naive wall time, placed in the zone by zoneinfo below: dateparser's own aware
            # results carry the offset of RELATIVE_BASE, which is an hour off across DST.
            "RETURN_AS_TIMEZONE_AWARE": False,
        },
    )
    if parsed is None:
        raise UserError("error.date_unparsed", text=phrase)
    if day_start is not None and _is_bare_date(readable, parsed, local_now):
        parsed = datetime.combine(parsed.date(), day_start, tzinfo=tz)
    else:
        parsed = parsed.replace(tzinfo=tz)
    result = parsed.astimezone(UTC)
    if not allow_past and parsed.date() < local_now.date():
        raise UserError("error.date_past", text=phrase, when=parsed.strftime("%Y-%m-%d"))
    return result


def parse_day(text: str, tz: ZoneInfo, now: datetime, *, allow_past: bool = False) -> date:
    """Parse `text` as a calendar day in `tz` ("today", "friday", "2026-12-24")."""
    if text.strip().lower() == "today":
        return now.astimezone(tz).date()
    return parse_when(text, tz, now, allow_past=allow_past).astimezone(tz).date()


def split_range(text: str) -> tuple[str, str] | None:
    """Split "FROM to TO" (or "FROM到TO") into its two phrases; None without a separator."""
    parts = _RANGE_SPLIT.split(text.strip(), maxsplit=1)
    if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
        return None
    return parts[0].strip(), parts[1].strip()


def _is_bare_date(phrase: str, parsed: datetime, local_now: datetime) -> bool:
    """True when the phrase named a day but no time of day."""
    if re.search(
        r"\d\s*(?:am|pm)\b|\d:\d|\bnoon\b|\bmidnight\b|\bin \d+ (?:minute|hour)", phrase, re.I
    ):
        return False
    wall = local_now.replace(tzinfo=None)
    return parsed.time() in (time(0, 0), wall.time().replace(microsecond=0), wall.time())
