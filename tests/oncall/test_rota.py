"""Rotation arithmetic: shifts in the file's zone across DST, overrides on top, hand-offs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.workspace.model import Rotation
from bot.oncall.rota import Handoff, Override, Shift, handoffs, next_shift, on_call, upcoming

NY = ZoneInfo("America/New_York")
WEEKLY = Rotation(
    id="ops-primary",
    team="ops",
    members=("U0A", "U0B", "U0C"),
    start=datetime(2026, 11, 2, 10, 0, tzinfo=NY),
    length=timedelta(weeks=1),
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_members_take_turns_from_the_start_and_nobody_is_on_call_before_it() -> None:
    assert on_call(WEEKLY, [], utc(2026, 11, 2, 15, 0)) == "U0A"
    assert on_call(WEEKLY, [], utc(2026, 11, 9, 14, 59)) == "U0A"
    assert on_call(WEEKLY, [], utc(2026, 11, 9, 15, 0)) == "U0B"
    assert on_call(WEEKLY, [], utc(2026, 11, 23, 15, 0)) == "U0A"
    assert on_call(WEEKLY, [], utc(2026, 11, 1, 12, 0)) is None  # the day before the start


def test_hand_offs_stay_at_ten_local_across_a_dst_change() -> None:
    summer = Rotation(
        "r", "ops", ("U0A", "U0B"), datetime(2026, 10, 26, 10, 0, tzinfo=NY), WEEKLY.length
    )
    # 10:00 EDT is 14:00 UTC; a week later 10:00 EST is 15:00 UTC.
    assert handoffs(summer, [], utc(2026, 10, 27), utc(2026, 11, 3)) == [
        Handoff(utc(2026, 11, 2, 15, 0), "U0A", "U0B")
    ]
    assert on_call(summer, [], utc(2026, 11, 2, 14, 30)) == "U0A"


def test_the_newest_override_wins_and_ends_where_it_says() -> None:
    first = Override("U0X", utc(2026, 11, 24, 0, 0), utc(2026, 11, 26, 0, 0))
    second = Override("U0Y", utc(2026, 11, 25, 0, 0), utc(2026, 11, 25, 12, 0))
    overrides = [first, second]
    assert on_call(WEEKLY, overrides, utc(2026, 11, 24, 12, 0)) == "U0X"
    assert on_call(WEEKLY, overrides, utc(2026, 11, 25, 6, 0)) == "U0Y"
    assert on_call(WEEKLY, overrides, utc(2026, 11, 25, 12, 0)) == "U0X"
    assert on_call(WEEKLY, overrides, utc(2026, 11, 26, 0, 0)) == "U0A"


def test_hand_offs_follow_overrides_and_skip_boundaries_without_a_change() -> None:
    cover = Override("U0B", utc(2026, 11, 27, 12, 0), utc(2026, 12, 1, 0, 0))
    assert handoffs(WEEKLY, [cover], utc(2026, 11, 24), utc(2026, 12, 2)) == [
        Handoff(utc(2026, 11, 27, 12, 0), "U0A", "U0B"),  # U0B stays on past the 10:00 boundary
    ]
    # Nov 30 10:00 would hand to U0B, who already covers; Dec 1 ends the cover inside
    # U0B's own week: neither is a hand-off. Dec 7 is.
    assert handoffs(WEEKLY, [cover], utc(2026, 11, 24), utc(2026, 12, 8)) == [
        Handoff(utc(2026, 11, 27, 12, 0), "U0A", "U0B"),
        Handoff(utc(2026, 12, 7, 15, 0), "U0B", "U0C"),
    ]


def test_upcoming_gives_the_current_shift_then_the_next_with_their_ends() -> None:
    at = utc(2026, 11, 24, 14, 0)
    assert upcoming(WEEKLY, [], at) == [
        Shift("U0A", at, utc(2026, 11, 30, 15, 0)),
        Shift("U0B", utc(2026, 11, 30, 15, 0), utc(2026, 12, 7, 15, 0)),
    ]
    assert next_shift(WEEKLY, [], at) == Shift(
        "U0B", utc(2026, 11, 30, 15, 0), utc(2026, 12, 7, 15, 0)
    )


def test_a_rotation_without_members_or_with_one_has_no_next_shift() -> None:
    at = utc(2026, 11, 24, 14, 0)
    empty = Rotation("e", "ops", (), WEEKLY.start, WEEKLY.length)
    solo = Rotation("s", "ops", ("U0A",), WEEKLY.start, WEEKLY.length)
    assert on_call(empty, [], at) is None
    assert upcoming(empty, [], at) == [Shift(None, at, None)]
    assert next_shift(solo, [], at) is None
    cover = Override("U0B", utc(2026, 11, 25), utc(2026, 11, 26))
    assert next_shift(empty, [cover], at) == Shift("U0B", utc(2026, 11, 25), utc(2026, 11, 26))
