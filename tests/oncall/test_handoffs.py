"""Hand-off notices: a DM `handoff_notice` ahead, a team-channel post at the boundary; once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.support.oncall import restart
from tests.support.slack import dm_channel

# ops-primary hands from U0SRE2 to U0SRE1 on Monday 30 November, 10:00 New York time.
BOUNDARY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


def test_each_hand_off_is_announced_once_ahead_by_dm_and_at_the_boundary_in_the_channel(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    clock.set(BOUNDARY - timedelta(hours=24, seconds=30))
    jobs.tick(services, clock.now())
    assert fake_slack.messages(dm_channel("U0SRE1")) == []
    restarted = restart(services, clock)
    for _ in range(4):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())
        jobs.tick(restarted, clock.now())
    [dm] = fake_slack.messages_text(dm_channel("U0SRE1"))
    start, end = int(BOUNDARY.timestamp()), int((BOUNDARY + timedelta(weeks=1)).timestamp())
    assert dm.startswith(f"Heads-up: you are on call for *ops-primary* from <!date^{start}^")
    assert fake_slack.messages("C0OPS") == []
    clock.set(BOUNDARY - timedelta(seconds=30))
    for _ in range(4):
        jobs.tick(services, clock.now())
        jobs.tick(restarted, clock.now())
        clock.advance(timedelta(seconds=30))
    [post] = fake_slack.messages_text("C0OPS")
    assert post.startswith(f"<@U0SRE1> is on call for *ops-primary* until <!date^{end}^")
    assert post.endswith("(from <@U0SRE2>).")
    assert len(fake_slack.messages(dm_channel("U0SRE1"))) == 1


def test_an_override_hands_off_at_both_of_its_edges(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    fake_slack.add_user("U0SRE1")
    slack.command(
        "/oncall", "override ops-primary <@U0SRE1> today 11am to today 1pm", user_id="U0OPSMGR"
    )
    for hour in (16, 18):  # 11:00 and 13:00 in New York
        clock.set(datetime(2026, 11, 24, hour, 0, tzinfo=UTC))
        jobs.tick(services, clock.now())
        jobs.tick(services, clock.now())
    assert [
        text.split(" (from")[0].split(" until")[0] for text in fake_slack.messages_text("C0OPS")
    ] == [
        "<@U0SRE1> is on call for *ops-primary*",
        "<@U0SRE2> is on call for *ops-primary*",
    ]


def test_a_hand_off_missed_by_a_stopped_clock_is_announced_late_only_within_the_catch_up(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    clock.set(BOUNDARY + timedelta(hours=1))
    jobs.tick(services, clock.now())
    assert len(fake_slack.messages("C0OPS")) == 1
    fake_slack.reset()
    clock.set(BOUNDARY + timedelta(weeks=1, hours=3))  # the next hand-off, three hours late
    jobs.tick(services, clock.now())
    assert fake_slack.messages("C0OPS") == []
