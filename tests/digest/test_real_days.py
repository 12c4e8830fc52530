"""How the digest counts stand-up days and absences read from the stand-up tables.

A team with two stand-ups on one day has one stand-up day in the digest, and each stand-up
counts once its report time has passed; a person in two covered teams who is away is listed
once. Seen through `/digest preview`, which shows the period ending now.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.support.workspace import EXAMPLE_CONFIG

RETRO = """
[[standups]]
id = "apollo-retro"
team = "apollo"
time = "10:00"
days = ["wed"]
questions = ["What went well?", "What did not?"]
report_at = "12:00"
"""
WEDNESDAY_0930 = datetime(2026, 11, 25, 14, 30, tzinfo=UTC)  # New York


@pytest.fixture
def workspace_toml() -> str:
    text = EXAMPLE_CONFIG.read_text().replace(
        'members = ["U0OPSMGR", "U0SRE1", "U0SRE2"]',
        'members = ["U0OPSMGR", "U0SRE1", "U0SRE2", "U0DEV1"]',
    )
    return text + RETRO


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2"):
        fake_slack.add_user(user, tz="America/New_York")


def preview(slack: SlackDriver, fake: FakeSlack) -> str:
    slack.command("/digest", "preview weekly", user_id="U0PM")
    return str(fake.responses[-1]["text"])


def tick(services: Services, clock: FixedClock, hour: int, minute: int = 0) -> None:
    clock.set(WEDNESDAY_0930.replace(hour=hour, minute=minute))
    assert jobs.tick(services, clock.now()) == []


def test_two_stand_ups_on_one_day_make_one_day_each_counted_from_its_report_time(
    services: Services, clock: FixedClock, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    tick(services, clock, 14, 30)  # the daily asks the three Apollo people
    slack.im("U0PM", "Shipped the beta")
    tick(services, clock, 15, 0)  # so does the retro
    tick(services, clock, 16, 30)  # 11:30: the daily's report is due, the retro's is not
    assert "Stand-ups: 1 of 3 answered (33%) over 1 day · 0 away" in preview(slack, fake_slack)
    tick(services, clock, 17, 30)  # 12:30: both
    assert "Stand-ups: 1 of 6 answered (17%) over 1 day · 0 away" in preview(slack, fake_slack)


def test_someone_away_from_two_covered_teams_is_listed_once(
    services: Services, clock: FixedClock, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    tick(services, clock, 14, 30)
    slack.command("/standup", "away 2026-11-25 to 2026-11-27", user_id="U0DEV1")
    text = preview(slack, fake_slack)
    assert "*Away (1)*\n• <@U0DEV1>: Wed 25 Nov to Fri 27 Nov" in text
