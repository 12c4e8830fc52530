"""App Home refreshes when what it shows changes, through the outbox, once per burst; and
"Skip today" skips the day's prompt and republishes at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.models import OutboxMessage
from storage.standups.models import SKIPPED, StandupPrompt
from tests.home.test_dashboard import home_text, open_home, publishes
from tests.support.standup import NY, ZONES, standup_toml


def test_a_burst_of_changes_to_my_risks_refreshes_my_home_once_at_the_tick(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    open_home(slack, "U0DEV2")
    assert publishes(fake_slack, "U0DEV2") == 1
    slack.command("/risk", "add Vendor late p:2 i:2 owner:<@U0DEV2|dev2>", user_id="U0DEV1")
    slack.command("/risk", "update R-1 p:4", user_id="U0DEV2")
    slack.command("/risk", "add Budget cut p:3 i:3 owner:<@U0DEV2|dev2>", user_id="U0DEV1")
    assert publishes(fake_slack, "U0DEV2") == 1  # queued, not sent by each change
    assert jobs.tick(services, clock.now()) == []
    assert publishes(fake_slack, "U0DEV2") == 2
    text = home_text(fake_slack, "U0DEV2")
    assert "*Risks you own* (2)" in text and "score 8" in text
    assert jobs.tick(services, clock.now()) == []
    assert publishes(fake_slack, "U0DEV2") == 2


def test_people_who_never_opened_app_home_get_no_refresh(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    slack.command("/risk", "add Vendor late p:2 i:2 owner:<@U0DEV2|dev2>", user_id="U0DEV1")
    assert jobs.tick(services, clock.now()) == []
    assert fake_slack.calls_to("views.publish") == []
    with unit_of_work(services.factory) as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.op == "home")).all() == []


NY_0930 = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # Tuesday


@pytest.fixture
def standup_workspace(services: Services, fake_slack: FakeSlack) -> None:
    from bot.core.workspace.load import parse_workspace

    services.workspace = parse_workspace(standup_toml())
    for user, tz in ZONES.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())


@pytest.mark.usefixtures("standup_workspace")
def test_a_new_prompt_refreshes_home_with_answer_and_skip_today_which_skips_it(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    open_home(slack, NY)
    assert "Nothing is waiting for you." in home_text(fake_slack, NY)
    clock.set(NY_0930)
    assert jobs.tick(services, NY_0930) == []
    text = home_text(fake_slack, NY)
    assert "Stand-up *apollo-daily* for Tue 24 Nov: 0 of 3 answered" in text
    assert ActionId.STANDUP_OPEN_MODAL in text and ActionId.HOME_SKIP_TODAY in text
    with unit_of_work(services.factory) as session:
        prompt = session.scalars(select(StandupPrompt).where(StandupPrompt.user_id == NY)).one()
    before = publishes(fake_slack, NY)
    slack.action(
        ActionId.HOME_SKIP_TODAY, str(prompt.id), user_id=NY, view=fake_slack.home_views[NY]
    )
    with unit_of_work(services.factory) as session:
        assert session.get(StandupPrompt, prompt.id).status == SKIPPED  # type: ignore[union-attr]
    assert publishes(fake_slack, NY) == before + 1
    assert "Nothing is waiting for you." in home_text(fake_slack, NY)


def test_a_hand_off_refreshes_the_homes_of_the_rotations_people_once(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    open_home(slack, "U0SRE1")
    open_home(slack, "U0DEV1")  # not in the ops team: no refresh for ops' hand-off
    assert "Your next shift on *ops-primary*" in home_text(fake_slack, "U0SRE1")
    handoff = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)  # 10:00 in New York
    for at in (handoff + timedelta(minutes=1), handoff + timedelta(minutes=2)):
        clock.set(at)
        assert jobs.tick(services, at) == []
    assert publishes(fake_slack, "U0SRE1") == 2
    assert "You are on call on *ops-primary* until" in home_text(fake_slack, "U0SRE1")
    assert publishes(fake_slack, "U0DEV1") == 1
