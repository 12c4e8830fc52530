"""Date phrases are read in the person's own zone, relative to the clock, preferring the future."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from bot.core.dates import parse_day, parse_when, split_range
from bot.core.errors import UserError

NY = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)  # Tuesday, 09:00 in New York


def test_next_friday_5pm_is_friday_at_17_local() -> None:
    when = parse_when("next friday 5pm", NY, NOW)
    assert when == datetime(2026, 11, 27, 17, 0, tzinfo=NY)


def test_iso_dates_and_relative_phrases() -> None:
    assert parse_day("2026-12-01", NY, NOW) == date(2026, 12, 1)
    assert parse_day("in 2 weeks", NY, NOW) == date(2026, 12, 8)
    assert parse_day("today", BERLIN, NOW) == date(2026, 11, 24)


def test_tomorrow_9am_keeps_local_time_across_the_dst_change() -> None:
    # Saturday 31 October 2026 in New York; clocks go back on Sunday 1 November.
    saturday = datetime(2026, 10, 31, 16, 0, tzinfo=UTC)
    when = parse_when("tomorrow 9am", NY, saturday)
    assert when.astimezone(NY).time() == time(9, 0)
    assert when == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)  # EST, UTC-5


def test_friday_across_the_eu_change_is_friday_in_berlin() -> None:
    thursday = datetime(2026, 10, 22, 10, 0, tzinfo=UTC)
    when = parse_when("next monday 9am", BERLIN, thursday)
    assert when == datetime(2026, 10, 26, 9, 0, tzinfo=BERLIN)
    assert when == datetime(2026, 10, 26, 8, 0, tzinfo=UTC)  # CET after the change


def test_a_bare_date_can_mean_the_start_of_a_working_day() -> None:
    when = parse_when("2026-12-01", NY, NOW, day_start=time(9, 0))
    assert when == datetime(2026, 12, 1, 9, 0, tzinfo=NY)


@pytest.mark.parametrize("text", ["blurgh", "", "x" * 500])
def test_nonsense_is_a_user_error_that_names_the_text(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_when(text, NY, NOW)
    assert caught.value.key == "error.date_unparsed"


def test_past_dates_are_refused_unless_allowed() -> None:
    with pytest.raises(UserError, match="in the past"):
        parse_when("2026-01-05", NY, NOW)
    assert parse_when("2026-01-05", NY, NOW, allow_past=True).year == 2026


def test_ranges_split_on_to() -> None:
    assert split_range("2026-12-24 to 2027-01-02") == ("2026-12-24", "2027-01-02")
    assert split_range("monday until friday") == ("monday", "friday")
    assert split_range("tomorrow") is None


SHANGHAI = ZoneInfo("Asia/Shanghai")
# Wednesday 25 November 2026: 09:00 in New York, 22:00 in Shanghai.
WEDNESDAY = datetime(2026, 11, 25, 14, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("明天", datetime(2026, 11, 26, 0, 0, tzinfo=NY)),
        ("后天", datetime(2026, 11, 27, 0, 0, tzinfo=NY)),
        ("本周五", datetime(2026, 11, 27, 0, 0, tzinfo=NY)),
        ("这周日", datetime(2026, 11, 29, 0, 0, tzinfo=NY)),
        (
            "下周五",
            datetime(2026, 12, 4, 0, 0, tzinfo=NY),
        ),  # Friday of next week, not the coming one
        ("下星期一", datetime(2026, 11, 30, 0, 0, tzinfo=NY)),
        ("下个礼拜三", datetime(2026, 12, 2, 0, 0, tzinfo=NY)),
        ("明天下午3点", datetime(2026, 11, 26, 15, 0, tzinfo=NY)),
        ("明天上午9点半", datetime(2026, 11, 26, 9, 30, tzinfo=NY)),
        ("后天晚上八点", datetime(2026, 11, 27, 20, 0, tzinfo=NY)),
        ("下周五下午3点15分", datetime(2026, 12, 4, 15, 15, tzinfo=NY)),
        ("明天 14:30", datetime(2026, 11, 26, 14, 30, tzinfo=NY)),
        ("明天中午12点", datetime(2026, 11, 26, 12, 0, tzinfo=NY)),
        ("下午5点", datetime(2026, 11, 25, 17, 0, tzinfo=NY)),  # later today in New York
    ],
)
def test_chinese_phrases_are_read_in_the_persons_zone(phrase: str, expected: datetime) -> None:
    assert parse_when(phrase, NY, WEDNESDAY) == expected


def test_a_chinese_time_that_has_passed_today_means_tomorrow() -> None:
    # 22:00 in Shanghai: 下午5点 has passed, so it is tomorrow's.
    assert parse_when("下午5点", SHANGHAI, WEDNESDAY) == datetime(2026, 11, 26, 17, tzinfo=SHANGHAI)


def test_chinese_phrases_keep_local_time_across_the_dst_change() -> None:
    # Thursday 5 March 2026 in New York; clocks go forward on Sunday 8 March.
    thursday = datetime(2026, 3, 5, 15, 0, tzinfo=UTC)
    when = parse_when("下周五上午10点", NY, thursday)
    assert when.astimezone(NY) == datetime(2026, 3, 13, 10, 0, tzinfo=NY)
    assert when == datetime(2026, 3, 13, 14, 0, tzinfo=UTC)  # EDT, UTC-4
    # Shanghai has no DST: the same phrase is the same wall time, eight hours ahead of UTC.
    assert parse_when("下周五上午10点", SHANGHAI, thursday) == datetime(
        2026, 3, 13, 2, 0, tzinfo=UTC
    )


def test_dateparsers_own_chinese_still_works_and_nonsense_is_refused() -> None:
    assert parse_day("3天后", NY, WEDNESDAY) == date(2026, 11, 28)
    assert parse_day("周五", NY, WEDNESDAY) == date(2026, 11, 27)
    with pytest.raises(UserError):
        parse_when("下周八", NY, WEDNESDAY)
    with pytest.raises(UserError):
        parse_when("明天下午25点", NY, WEDNESDAY)


def test_a_bare_chinese_day_starts_at_the_given_time() -> None:
    when = parse_when("下周五", NY, WEDNESDAY, day_start=time(9, 0))
    assert when == datetime(2026, 12, 4, 9, 0, tzinfo=NY)
    timed = parse_when("下周五下午3点", NY, WEDNESDAY, day_start=time(9, 0))
    assert timed == datetime(2026, 12, 4, 15, 0, tzinfo=NY)
