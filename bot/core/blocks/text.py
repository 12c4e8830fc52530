"""The text kit every renderer shares: Slack's limits, escaping, clipping, date tokens,
durations, mentions and the RAG colours."""

from __future__ import annotations

import html
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core.messages import spoken, t

SECTION_LIMIT = 3000  # characters in one section block's text
MAX_BLOCKS = 50  # blocks in one message

# Project status colours; the same everywhere people see them (status reports, digests).
RAG_EMOJI = {
    "green": ":large_green_circle:",
    "amber": ":large_yellow_circle:",
    "red": ":red_circle:",
}
NO_RAG = ":white_circle:"


def escape(text: str) -> str:
    """Make typed text inert in mrkdwn: no mentions, links or broken markup.

    Modal input arrives raw and DMs arrive escaped; storing both escaped keeps them alike.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def unescape(text: str) -> str:
    """Text as Slack sent it (escaped), as a person typed it."""
    return html.unescape(text)


def clip(text: str, limit: int = SECTION_LIMIT, tail: str = "…") -> str:
    """`text` cut to at most `limit` characters, ending in `tail` when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - len(tail), 0)].rstrip() + tail


_ZH_WEEKDAYS = "一二三四五六日"


def day_text(day: date, *, year: bool = False) -> str:
    """A calendar day the way the spoken language writes it: "Tue 1 Dec", "12月1日 周二";
    with `year`, "Tue 1 Dec 2026", "2026年12月1日 周二"."""
    if spoken() == "zh-CN":
        prefix = f"{day.year}年" if year else ""
        return f"{prefix}{day.month}月{day.day}日 周{_ZH_WEEKDAYS[day.weekday()]}"
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if year else "")


def month_day(day: date) -> str:
    """A day of the month, for chart axes: "27 Nov", "11月27日"."""
    return f"{day.month}月{day.day}日" if spoken() == "zh-CN" else f"{day.day} {day:%b}"


def date_text(day: date) -> str:
    """A calendar day with its year and no weekday: "24 Nov 2026", "2026年11月24日"."""
    if spoken() == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%b %Y}"


def local_time(at: datetime, tz: ZoneInfo) -> str:
    """`at` in `tz`, like "Tue 1 Dec 10:00 EST" (or "12月1日 周二 10:00 EST")."""
    local = at.astimezone(tz)
    return f"{day_text(local.date())} {local:%H:%M} {local.tzname()}"


def slack_time(at: datetime, fallback_tz: ZoneInfo) -> str:
    """A Slack date token: each reader sees `at` in their own zone (fallback: `fallback_tz`)."""
    epoch = int(at.timestamp())
    return f"<!date^{epoch}^{{date_short_pretty}} {{time}}|{local_time(at, fallback_tz)}>"


def duration(seconds: float, *, whole_days: bool = False) -> str:
    """A short human duration in the spoken language: "45s", "12m", "2h 5m", "3d 4h"
    (zh-CN: "45秒", "12分钟", "2小时5分钟", "3天4小时"). With `whole_days`, a day or more
    is whole days only ("3d"). A negative duration reads as zero."""
    total = max(int(seconds), 0)
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return _units(days, "days", 0 if whole_days else hours, "hours")
    if hours:
        return _units(hours, "hours", minutes, "minutes")
    if minutes:
        return _units(minutes, "minutes", 0, "")
    return _units(secs, "seconds", 0, "")


def _units(larger: int, unit: str, smaller: int, smaller_unit: str) -> str:
    """`3d`, or `3d 4h` when there is a smaller part, through the catalog."""
    text = t("duration." + unit, n=larger)
    if not smaller:
        return text
    return t("duration.pair", larger=text, smaller=t("duration." + smaller_unit, n=smaller))


def mention(user: str | None, nobody: str) -> str:
    """`<@U123>`, or `nobody` when there is no one."""
    return f"<@{user}>" if user else nobody


BAR_CELLS = 10


def progress_bar(value: float, target: float) -> str:
    """`▓▓▓▓▓░░░░░ 50%`: how far `value` is towards `target` (0-100%, ten cells).

    A zero target counts as reached once the value is zero or more.
    """
    share = (value / target) if target else (1.0 if value >= 0 else 0.0)
    share = min(max(share, 0.0), 1.0)
    filled = round(share * BAR_CELLS)
    return "▓" * filled + "░" * (BAR_CELLS - filled) + f" {round(share * 100)}%"


def number(value: float) -> str:
    """`12`, `7.5`, `1250000`: a goal's number without a trailing `.0`."""
    return f"{value:.12g}" if not value.is_integer() else str(int(value))
