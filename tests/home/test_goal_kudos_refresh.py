"""App Home refreshes when a goal it shows or the viewer's kudos change: the people of the
sharing teams (goals) and the receiver (kudos) who opened Home get a new `views.publish` at
the tick, showing the change; nobody else does."""

from __future__ import annotations

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.home.test_dashboard import home_text, open_home, publishes


def test_adding_and_updating_a_goal_refreshes_the_homes_of_the_sharing_teams(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    for user in ("U0DEV1", "U0SRE1"):  # apollo member, ops member
        open_home(slack, user)
    slack.command("/goal", "add Checkout conversion % teams:apollo target:4", user_id="U0PM")
    assert publishes(fake_slack, "U0DEV1") == 1  # queued, sent by the tick's outbox step
    assert jobs.tick(services, clock.now()) == []
    assert publishes(fake_slack, "U0DEV1") == 2
    assert "Checkout conversion %" in home_text(fake_slack, "U0DEV1")
    assert publishes(fake_slack, "U0SRE1") == 1  # ops does not share it: no refresh
    slack.command("/goal", "update G-1 value:3", user_id="U0PM")
    assert jobs.tick(services, clock.now()) == []
    assert publishes(fake_slack, "U0DEV1") == 3
    assert "75%" in home_text(fake_slack, "U0DEV1")
    assert publishes(fake_slack, "U0SRE1") == 1


def test_kudos_refresh_the_receivers_home_with_them(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    open_home(slack, "U0SRE1")
    open_home(slack, "U0DEV1")
    slack.command("/kudos", "<@U0SRE1|sre1> for staying on the bridge", user_id="U0DEV1")
    assert jobs.tick(services, clock.now()) == []
    assert publishes(fake_slack, "U0SRE1") == 2
    assert "staying on the bridge" in home_text(fake_slack, "U0SRE1")
    assert publishes(fake_slack, "U0DEV1") == 1  # the giver's Home shows nothing new
