"""/standup skip, away, status and tz: read in the caller's zone, stored once, explained."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.messages import usage
from storage.db import unit_of_work
from storage.standups import prompts
from storage.standups import reads as repo
from storage.standups.models import SKIPPED
from tests.support.standup import (
    BERLIN,
    NY,
    SHANGHAI,
    WATCHED_SINCE,
    dms,
    prompts_to,
    tick,
    watched_since,
)


def reply(fake_slack: FakeSlack) -> str:
    return str(fake_slack.responses[-1]["text"])


def away(services: Services, user: str) -> list[tuple[date, date]]:
    with unit_of_work(services.factory) as session:
        periods = repo.away_between(session, date(2026, 1, 1), date(2027, 12, 31), [user])
    return [(p.start, p.end) for p in periods]


def test_skip_today_is_the_callers_local_today(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    # Tuesday 14:00 UTC is already Tuesday 22:00 in Shanghai; 23:00 UTC would be Wednesday.
    slack.command("/standup", "skip", user_id=SHANGHAI)
    assert "Tue 24 Nov" in reply(fake_slack)
    assert away(services, SHANGHAI) == [(date(2026, 11, 24), date(2026, 11, 24))]


def test_skipping_after_the_prompt_was_sent_skips_it(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    tick(services, clock, datetime(2026, 11, 24, 14, 30, tzinfo=UTC))
    slack.command("/standup", "skip today", user_id=NY)
    [prompt] = dms(fake_slack, NY)
    assert "Skipped" in str(prompt["text"]) and not prompts_to(fake_slack, NY)
    with unit_of_work(services.factory) as session:
        [row] = prompts.prompts_between(session, NY, date(2026, 11, 24), date(2026, 11, 24))
        assert row.status == SKIPPED


def test_away_takes_a_range_in_the_callers_zone_and_a_retry_stores_it_once(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    for _ in range(2):
        slack.command("/standup", "away 2026-12-24 to 2027-01-02", user_id=BERLIN, trigger_id="t1")
    assert "Thu 24 Dec" in reply(fake_slack) and "Sat 2 Jan" in reply(fake_slack)
    assert away(services, BERLIN) == [(date(2026, 12, 24), date(2027, 1, 2))]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("away next week", "FROM to TO"),
        ("away 2027-01-05 to 2027-01-02", "give the first day first"),
        ("away 2026-01-01 to 2026-01-05", "in the past"),
        ("away 2026-12-01 to 2028-12-01", "at most 366 days"),
        ("skip someday maybe", "not a date I understand"),
        ("tz", "Europe/Berlin"),
        ("tz Mars/Olympus", "not a time zone"),
    ],
)
def test_bad_input_says_what_is_wrong_shows_the_usage_and_stores_nothing(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, text: str, problem: str
) -> None:
    slack.command("/standup", text, user_id=NY)
    answer = reply(fake_slack)
    assert problem in answer and usage("/standup") in answer
    assert fake_slack.responses[-1]["response_type"] == "ephemeral"
    assert away(services, NY) == []


def test_status_shows_the_next_prompt_in_the_callers_zone_and_away_periods(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    watched_since(services, WATCHED_SINCE)
    tick(services, clock, clock.now())  # Berlin gets today's prompt (late)
    slack.command("/standup", "away 2026-12-24 to 2026-12-31", user_id=BERLIN)
    slack.command("/standup", "status", user_id=BERLIN)
    text = reply(fake_slack)
    # 15:00 on Tuesday in Berlin: today's prompt was sent, so Wednesday's is next.
    assert "Europe/Berlin" in text and "from your Slack profile" in text
    assert "*Apollo launch*: next prompt Wed 25 Nov 09:30" in text
    assert "*Away:* Thu 24 Dec – Thu 31 Dec" in text


def test_status_for_a_lead_shows_the_weekly_report_and_for_others_no_standups(
    fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    slack.command("/standup", "status", user_id="U0PM")
    text = reply(fake_slack)
    assert "not in any stand-up" in text
    assert "Weekly status report of *Apollo launch*: Fri 27 Nov 14:00" in text


def test_a_personal_zone_moves_the_prompt_and_reset_follows_slack_again(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    slack.command("/standup", "tz Asia/Tokyo", user_id=NY)
    assert "Asia/Tokyo" in reply(fake_slack)
    slack.command("/standup", "status", user_id=NY)
    assert "your own setting" in reply(fake_slack)
    tick(services, clock, datetime(2026, 11, 25, 0, 30, tzinfo=UTC))  # 09:30 Wed in Tokyo
    [prompt] = prompts_to(fake_slack, NY)
    assert "Wed 25 Nov" in str(prompt["text"])
    slack.command("/standup", "tz reset", user_id=NY)
    assert "America/New_York" in reply(fake_slack)
