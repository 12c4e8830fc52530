"""Pure stand-up rules and renderers: due times in local wall time, "none" answers, limits."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app.standin.slack_api import validate_blocks
from bot.core.workspace.model import Standup, Team
from bot.standup import rules
from bot.standup.report_blocks import (
    Answer,
    PersonAnswers,
    Report,
    StaleBlocker,
    report_messages,
    risk_button_value,
)

TEAM = Team("t", "Team", "project", "C0T", "U0LEAD", holidays=(date(2026, 12, 25),))
STANDUP = Standup("s", "t", time(9, 30), time(11, 0), ("q1", "q2"), days=(0, 1, 2, 3, 4))
SUN_THU = Standup("s", "t", time(9, 30), time(11, 0), ("q1",), days=(6, 0, 1, 2, 3))
DUBAI = ZoneInfo("Asia/Dubai")
BERLIN = ZoneInfo("Europe/Berlin")


def test_due_only_after_local_prompt_time_on_a_stand_up_day() -> None:
    zones = {"U1": BERLIN}
    assert rules.due_prompts(STANDUP, TEAM, zones, datetime(2026, 11, 24, 8, 29, tzinfo=UTC)) == []
    [due] = rules.due_prompts(STANDUP, TEAM, zones, datetime(2026, 11, 24, 8, 30, tzinfo=UTC))
    assert (due.local_date, due.late) == (date(2026, 11, 24), False)
    [late] = rules.due_prompts(STANDUP, TEAM, zones, datetime(2026, 11, 24, 21, 0, tzinfo=UTC))
    assert late.late and late.due_at == datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    # Christmas is the team's holiday; Saturday is not a stand-up day.
    assert rules.due_prompts(STANDUP, TEAM, zones, datetime(2026, 12, 25, 12, 0, tzinfo=UTC)) == []
    assert rules.due_prompts(STANDUP, TEAM, zones, datetime(2026, 11, 28, 12, 0, tzinfo=UTC)) == []


def test_a_sunday_to_thursday_week() -> None:
    zones = {"U1": DUBAI}
    sunday = datetime(2026, 11, 29, 6, 0, tzinfo=UTC)  # 10:00 Sunday in Dubai
    friday = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    assert [d.local_date for d in rules.due_prompts(SUN_THU, TEAM, zones, sunday)] == [
        date(2026, 11, 29)
    ]
    assert rules.due_prompts(SUN_THU, TEAM, zones, friday) == []


@pytest.mark.parametrize(
    ("day", "utc"),
    [(date(2026, 10, 23), time(7, 30)), (date(2026, 10, 26), time(8, 30))],
)
def test_the_due_instant_follows_dst(day: date, utc: time) -> None:
    assert rules.local_instant(day, time(9, 30), BERLIN) == datetime.combine(day, utc, tzinfo=UTC)


@pytest.mark.parametrize(
    "text", ["none", "None.", "no", "N/A", "-", "nothing", "没有", "无", "  nope! ", "No blockers"]
)
def test_none_answers(text: str) -> None:
    assert rules.is_none_answer(text)


@pytest.mark.parametrize("text", ["Waiting on legal", "no access to prod", "none of the APIs work"])
def test_real_blockers(text: str) -> None:
    assert not rules.is_none_answer(text)


def test_next_prompt_skips_prompted_days_weekends_and_away() -> None:
    friday_noon = datetime(2026, 11, 27, 11, 0, tzinfo=UTC)  # 12:00 Friday in Berlin
    at = rules.next_prompt_at(
        STANDUP,
        TEAM,
        BERLIN,
        friday_noon,
        prompted={date(2026, 11, 27)},
        away=[(date(2026, 11, 30), date(2026, 12, 1))],
    )
    assert at == datetime(2026, 12, 2, 8, 30, tzinfo=UTC)


def test_a_huge_report_splits_within_slacks_limits_and_shows_each_answer_once() -> None:
    people = [
        PersonAnswers(
            who=f"<@U{n:03d}>",
            answers=[Answer(f"Question {q}?", f"P{n}Q{q} " + "x" * 4000) for q in range(10)],
            complete=True,
        )
        for n in range(30)
    ]
    report = Report("Team", date(2026, 11, 24), "message", people, ["<@UA>"], ["<@UM>"], [], [])
    messages = report_messages(report)
    assert len(messages) > 10
    for message in messages:
        assert validate_blocks(message.blocks) == []
        assert message.text
    shown = "".join(json.dumps(m.blocks) for m in messages)
    for n in range(30):
        for q in range(10):
            assert shown.count(f"P{n}Q{q} ") == 1
    assert "*Away:* <@UA>" in json.dumps(messages[0].blocks)


def test_the_raise_as_risk_value_stays_within_2000_characters() -> None:
    blocker = StaleBlocker(7, "apollo", "U1", "<@U1>", '"quoted" \\ ' * 400, date(2026, 11, 2), 3)
    value = risk_button_value(blocker)
    assert len(value) <= 2000
    decoded = json.loads(value)
    assert decoded["blocker"] == 7 and decoded["team"] == "apollo" and decoded["user"] == "U1"
    assert blocker.text.startswith(decoded["text"]) and len(decoded["text"]) <= 1500


def test_no_report_message_for_nobody_is_still_valid() -> None:
    [message] = report_messages(Report("T", date(2026, 11, 24), "thread", [], [], [], [], []))
    assert validate_blocks(message.blocks) == []
    assert "Nobody" in json.dumps(message.blocks)


def test_late_flag_after_ten_minutes() -> None:
    zones = {"U1": BERLIN}
    base = datetime(2026, 11, 24, 8, 30, tzinfo=UTC)
    [on_time] = rules.due_prompts(STANDUP, TEAM, zones, base + timedelta(minutes=10))
    [late] = rules.due_prompts(STANDUP, TEAM, zones, base + timedelta(minutes=11))
    assert (on_time.late, late.late) == (False, True)
