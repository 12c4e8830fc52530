"""A fresh install, or a schedule new to tandem.toml, does not send what fell due before
Tandem first saw it: no "Sorry this comes late" for a stand-up it never watched."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.core.clock import FixedClock
from tests.support.standup import BERLIN, NY, SHANGHAI, dms, prompts_to, tick

TUESDAY_0930_NY = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
FRIDAY_1400_NY = datetime(2026, 11, 27, 19, 0, tzinfo=UTC)
PM = "U0PM"


def test_a_fresh_install_started_after_the_prompt_time_waits_for_the_next_day(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    # First sight at 10:00 in New York: New York's and Berlin's 09:30 have passed.
    first = TUESDAY_0930_NY + timedelta(minutes=30)
    tick(services, clock, first)
    tick(services, clock, first + timedelta(hours=3))  # the 11:00 report time too
    assert prompts_to(fake_slack, NY) == prompts_to(fake_slack, BERLIN) == []
    assert fake_slack.messages("C0APOLLO") == []  # no report of a day nobody was asked
    # Shanghai's next 09:30 (Wednesday, 01:30 UTC) lies after first sight: asked on time.
    tick(services, clock, datetime(2026, 11, 25, 1, 30, tzinfo=UTC))
    [prompt] = prompts_to(fake_slack, SHANGHAI)
    assert "late" not in str(prompt["blocks"]).lower()
    tick(services, clock, datetime(2026, 11, 25, 14, 30, tzinfo=UTC))
    assert len(prompts_to(fake_slack, NY)) == 1


def test_a_prompt_due_at_the_moment_of_first_sight_is_sent(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, TUESDAY_0930_NY)
    [prompt] = prompts_to(fake_slack, NY)
    assert "late" not in str(prompt["blocks"]).lower()


def test_after_first_sight_a_clock_that_was_down_still_catches_up_late(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, TUESDAY_0930_NY - timedelta(hours=1))  # seen at 08:30
    tick(services, clock, TUESDAY_0930_NY + timedelta(hours=2))  # down until 11:30
    [prompt] = prompts_to(fake_slack, NY)
    assert "late" in str(prompt["blocks"]).lower()


def test_a_tick_replayed_before_the_first_one_moves_first_sight_earlier(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, TUESDAY_0930_NY + timedelta(hours=1))
    tick(services, clock, TUESDAY_0930_NY)  # `tandem tick --at` an earlier time
    assert len(prompts_to(fake_slack, NY)) == 1


def test_a_status_report_first_seen_after_its_time_is_asked_next_week(
    services: Services, clock: FixedClock, fake_slack: FakeSlack
) -> None:
    tick(services, clock, FRIDAY_1400_NY + timedelta(minutes=20))
    assert dms(fake_slack, PM) == []
    tick(services, clock, FRIDAY_1400_NY + timedelta(days=7))
    [asked] = dms(fake_slack, PM)
    assert "late" not in str(asked["blocks"]).lower()
