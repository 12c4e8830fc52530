"""The pure parts of /goal and /kudos: the grammar, and the progress bar the digest shares."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest

from bot.core.blocks.text import number, progress_bar
from bot.core.errors import NotFound, UserError
from bot.goals.grammar import AddGoal, UpdateGoal, parse_goal_command
from bot.kudos.grammar import GiveKudos, parse_kudos
from tests.support.clock import START

TZ = ZoneInfo("America/New_York")
TEAMS = ("apollo", "ops")


def parse(sub: str, rest: str) -> object:
    return parse_goal_command(sub, rest, tz=TZ, now=START, teams=TEAMS)


@pytest.mark.parametrize(
    ("value", "target", "bar"),
    [
        (0, 10, "░░░░░░░░░░ 0%"),
        (5, 10, "▓▓▓▓▓░░░░░ 50%"),
        (3.2, 4.5, "▓▓▓▓▓▓▓░░░ 71%"),
        (12, 10, "▓▓▓▓▓▓▓▓▓▓ 100%"),
        (-3, 10, "░░░░░░░░░░ 0%"),
        (0, 0, "▓▓▓▓▓▓▓▓▓▓ 100%"),
    ],
)
def test_the_progress_bar_has_ten_cells_and_clamps_to_0_and_100(
    value: float, target: float, bar: str
) -> None:
    assert progress_bar(value, target) == bar


def test_numbers_print_without_a_trailing_zero() -> None:
    assert [number(v) for v in (12.0, 7.5, 1250000.0, 0.1 + 0.2)] == ["12", "7.5", "1250000", "0.3"]


def test_add_reads_a_title_with_colons_teams_target_and_a_due_phrase() -> None:
    assert parse("add", "Uptime: EU &amp; US teams:ops, apollo target:99.9 due:2026-12-31") == (
        AddGoal("Uptime: EU & US", ("ops", "apollo"), 99.9, date(2026, 12, 31))
    )
    assert parse("add", "Story points target:1,200") == AddGoal("Story points", (), 1200.0)


def test_update_reads_the_id_in_any_case_and_the_value() -> None:
    assert parse("update", "g3 value:-2.5") == UpdateGoal(3, -2.5)


@pytest.mark.parametrize(
    ("sub", "rest", "error", "key"),
    [
        ("add", "X teams:mars", NotFound, "goal.error.unknown_team"),
        ("add", "X target:1e9999", UserError, "goal.error.not_a_number"),
        ("add", "X target:nan", UserError, "goal.error.not_a_number"),
        ("add", "X due:yesterday", UserError, "error.date_past"),
        ("add", "X target:1 target:2", UserError, "goal.error.duplicate_key"),
        ("update", "G-1 value:3 extra words", UserError, "goal.error.not_a_number"),
        ("update", "G-1 oops value:3", UserError, "goal.error.update_extra"),
    ],
)
def test_malformed_goal_commands_say_what_is_wrong(
    sub: str, rest: str, error: type[Exception], key: str
) -> None:
    with pytest.raises(error) as raised:
        parse(sub, rest)
    assert getattr(raised.value, "key", None) == key


def test_kudos_take_a_mention_and_a_reason_with_or_without_for() -> None:
    assert parse_kudos("<@U0SRE1|sre1> for the fix") == GiveKudos("U0SRE1", "the fix")
    assert parse_kudos("<@U0SRE1> the fix &amp; the test") == GiveKudos(
        "U0SRE1", "the fix & the test"
    )
    assert parse_kudos("<@U0SRE1> forgiving my typo") == GiveKudos("U0SRE1", "forgiving my typo")
