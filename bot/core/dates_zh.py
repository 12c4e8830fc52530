"""Chinese date phrases dateparser does not read, rewritten as ISO text it does.

dateparser understands `明天`, `周五` and `3天后`, but returns nothing for `下周五` or
`明天下午3点`. `normalise` turns the common forms into `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`
relative to the person's local now:

- a day: `今天` `明天` `后天` `大后天`, `本周X` `这周X` `下周X` `下下周X` (also with `星期` or
  `礼拜`; X is 一…六, 日 or 天), where a week runs Monday to Sunday as in China;
- then, optionally, a time: `上午`/`早上` N`点`, `中午` N`点`, `下午`/`晚上` N`点`, with `半` or
  M`分`, or `N:MM`. A time alone means today, or tomorrow once it has passed.

Anything else is left to dateparser unchanged (`normalise` returns None).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

_NUMERALS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_NUMERALS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DAYS = {"今天": 0, "明天": 1, "后天": 2, "大后天": 3}
_WEEKS = {"本": 0, "这": 0, "这个": 0, "下": 1, "下个": 1, "下下": 2, "下下个": 2}

_NUMBER = r"[0-9]{1,2}|[零〇一二两三四五六七八九十]{1,3}"
_DAY = re.compile(
    r"(?P<days>大后天|今天|明天|后天)"
    r"|(?P<week>下下个|下下|下个|这个|本|这|下)(?:周|星期|礼拜)(?P<weekday>[一二三四五六日天])"
)
_TIME = re.compile(
    rf"(?P<part>上午|早上|中午|下午|晚上)?\s*"
    rf"(?:(?P<hour>{_NUMBER})\s*[点:：]\s*(?:(?P<half>半)|(?P<minute>{_NUMBER})\s*分?)?)"
)


def normalise(phrase: str, local_now: datetime) -> str | None:
    """ISO text for a Chinese date phrase (see the module text), else None."""
    text = phrase.strip()
    day: date | None = None
    match = _DAY.match(text)
    if match:
        day = _day(match, local_now.date())
        text = text[match.end() :].strip()
    if not text:
        return day.isoformat() if day else None
    timed = _TIME.fullmatch(text)
    if timed is None:
        return None
    clock = _clock(timed)
    if clock is None:
        return None
    hour, minute = clock
    if day is None:
        day = local_now.date()
        if (hour, minute) <= (local_now.hour, local_now.minute):
            day += timedelta(days=1)
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"


def _day(match: re.Match[str], today: date) -> date:
    if match["days"]:
        return today + timedelta(days=_DAYS[match["days"]])
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks=_WEEKS[match["week"]], days=_WEEKDAYS[match["weekday"]])


def _clock(match: re.Match[str]) -> tuple[int, int] | None:
    """(hour, minute) on a 24-hour clock, or None when the numbers are not a time."""
    hour = _number(match["hour"])
    minute = 30 if match["half"] else _number(match["minute"]) if match["minute"] else 0
    part = match["part"]
    if hour is None or minute is None or minute > 59:
        return None
    if part in ("下午", "晚上") and 1 <= hour < 12:
        hour += 12
    elif part == "中午" and hour < 3:
        hour += 12  # 中午12点 is noon, 中午1点 is 13:00
    elif part in ("上午", "早上") and hour == 12:
        hour = 0
    return (hour, minute) if hour <= 23 else None


def _number(text: str) -> int | None:
    """0-99 from digits or Chinese numerals (`三`, `十`, `十二`, `二十三`)."""
    if text.isdigit():
        return int(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _NUMERALS.get(text) if len(text) == 1 else None
    high = _NUMERALS.get(tens, -1) if tens else 1
    low = _NUMERALS.get(ones, -1) if ones else 0
    return None if high < 0 or low < 0 else high * 10 + low
