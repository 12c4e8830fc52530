"""Nobody is paged while away: a rotation pages whoever covers, a level skips an away owner or
lead and says so in the run's thread, and pages them only when nobody else is left there."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.escalation.targets import Targets, resolve_targets
from storage.db import unit_of_work
from tests.support.oncall import event_kinds, pages, replies, run, start
from tests.support.workspace import header, policy, rotation, team, toml


@pytest.fixture
def workspace_toml() -> str:
    return toml(
        header({"risks": "C0RISKS", "escalations": "C0ESCAL"}),
        team("apollo"),
        team("ops"),
        rotation("ops-primary"),
        policy(
            levels=[
                {"notify": ["owner", "lead:apollo"], "after": "15m"},
                {"notify": ["rotation:ops-primary"], "after": "15m"},
                {"notify": ["owner"], "after": "15m"},
            ],
            repeat=0,
        ),
    )


def tick_minutes(services: Services, clock: FixedClock, minutes: int) -> None:
    for _ in range(minutes * 2):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())


def thread(fake: FakeSlack) -> list[str]:
    return [str(m["text"]) for m in replies(fake, "C0ESCAL")]


def test_away_people_are_skipped_with_a_note_and_paged_only_when_nobody_else_is_left(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    # The owner and the on-call SRE2 are away this week; SRE1 covers the rotation.
    for user in ("U0DEV1", "U0SRE2"):
        fake_slack.add_user(user, tz="America/New_York")
        slack.command("/standup", "away today to friday", user_id=user)
    t0 = clock.now()
    assert start(services)
    tick_minutes(services, clock, 40)
    assert pages(fake_slack, t0) == [(0, "U0PM"), (15, "U0SRE1"), (30, "U0DEV1")]
    lines = thread(fake_slack)
    assert "Level 1 of 3: skipped <@U0DEV1> (away); paged whoever else it names." in lines
    assert (
        "Level 3 of 3: everyone it names is away (<@U0DEV1>); paged them anyway, as nobody "
        "else is left at this level."
    ) in lines
    assert event_kinds(services).count("level_away_skipped") == 1
    assert event_kinds(services).count("level_away_paged") == 1


def test_resolve_targets_returns_who_to_page_and_who_was_skipped(
    services: Services, slack: SlackDriver, fake_slack: FakeSlack
) -> None:
    fake_slack.add_user("U0PM", tz="Europe/Berlin")
    slack.command("/standup", "skip today", user_id="U0PM")
    assert start(services)
    with unit_of_work(services.factory) as session:
        found = resolve_targets(
            session,
            services.workspace,
            run(services),
            ["lead:apollo", "owner", "rotation:ops-primary", "U0PM"],
            services.clock.now(),
        )
    assert found == Targets(page=["U0DEV1", "U0SRE2"], skipped=["U0PM"])
