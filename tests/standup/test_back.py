"""/standup back: ends the away period covering today now; later periods stay."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.availability import load_away
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.standups import reads
from tests.support.standup import BERLIN


def periods(services: Services, user: str) -> list[tuple[date, date]]:
    with unit_of_work(services.factory) as session:
        found = reads.away_between(session, date(2026, 1, 1), date(2027, 12, 31), [user])
    return [(p.start, p.end) for p in found]


def last(fake: FakeSlack) -> str:
    return str(fake.responses[-1]["text"])


def test_back_ends_the_current_away_period_today_and_keeps_later_ones(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    clock.advance(timedelta(days=-1))  # Monday 23 November
    slack.command("/standup", "away today to friday", user_id=BERLIN)
    slack.command("/standup", "away dec 7 to dec 9", user_id=BERLIN)
    clock.advance(timedelta(days=1))  # Tuesday 24 November, 15:00 in Berlin
    with unit_of_work(services.factory) as session:
        before = load_away(session, services.workspace, [BERLIN], clock.now(), clock.now())
    assert before.is_away(BERLIN, clock.now())
    slack.command("/standup", "back", user_id=BERLIN)
    assert last(fake_slack).startswith("Welcome back! You're no longer away from today on")
    assert periods(services, BERLIN) == [
        (date(2026, 11, 23), date(2026, 11, 23)),
        (date(2026, 12, 7), date(2026, 12, 9)),
    ]
    with unit_of_work(services.factory) as session:
        after = load_away(session, services.workspace, [BERLIN], clock.now(), clock.now())
    assert not after.is_away(BERLIN, clock.now())


def test_back_on_the_first_day_of_an_absence_removes_it_and_says_so_when_not_away(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    slack.command("/standup", "back", user_id=BERLIN)
    assert last(fake_slack).startswith("You're not away today, so there is nothing to end.")
    slack.command("/standup", "skip today", user_id=BERLIN)
    slack.command("/standup", "back", user_id=BERLIN, trigger_id="T-back")
    slack.command("/standup", "back", user_id=BERLIN, trigger_id="T-back")  # a retry
    assert periods(services, BERLIN) == []
    assert sum("Welcome back" in str(r["text"]) for r in fake_slack.responses) == 1
