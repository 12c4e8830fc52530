"""A rotation's `usergroup` follows whoever is on call: hand-offs, overrides; through the
outbox (retried, never lost, one call per change)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, RateLimited, ServerError, SlackError
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.workspace.load import ConfigError
from tests.support.oncall import lead_overrides, restart
from tests.support.workspace import header, policy, rotation, team, toml, workspace

GROUP = "S0ONCALL"
# ops-primary: U0SRE2 is on call until Monday 30 November, 10:00 New York, then U0SRE1.
BOUNDARY = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)


@pytest.fixture
def workspace_toml() -> str:
    return toml(
        header(),
        team("apollo"),
        team("ops"),
        rotation("ops-primary", usergroup=GROUP),
        policy(),
    )


@pytest.fixture(autouse=True)
def group(fake_slack: FakeSlack) -> None:
    fake_slack.add_usergroup(GROUP, "ops-oncall", users=["U0OPSMGR"])


def updates(fake: FakeSlack) -> list[str]:
    """The `users` of every usergroups.users.update Slack accepted, in order."""
    return [
        str(c.params["users"])
        for c in fake.calls_to("usergroups.users.update")
        if c.ok and c.params.get("usergroup") == GROUP
    ]


def test_the_user_group_follows_a_hand_off_with_one_call_per_change(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    other = restart(services, clock)  # a second process ticking beside the first
    jobs.tick(services, clock.now())
    jobs.tick(other, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE2"]
    clock.set(BOUNDARY - timedelta(seconds=30))
    jobs.tick(services, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE2"]
    for _ in range(3):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())
        jobs.tick(other, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE1"]
    assert updates(fake_slack) == ["U0SRE2", "U0SRE1"]


def test_the_user_group_follows_an_override_at_once_and_again_when_it_ends(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    jobs.tick(services, clock.now())
    lead_overrides(slack, fake_slack, "ops-primary <@U0SRE1> today 8am to today 1pm")
    # The override's own transaction queued the change; it went out before the answer.
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE1"]
    jobs.tick(services, clock.now())
    clock.set(datetime(2026, 11, 24, 18, 0, 30, tzinfo=UTC))  # 13:00:30 in New York
    jobs.tick(services, clock.now())
    jobs.tick(services, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE2"]
    assert updates(fake_slack) == ["U0SRE2", "U0SRE1", "U0SRE2"]


def test_a_future_override_moves_the_group_when_it_starts_not_when_it_is_made(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    jobs.tick(services, clock.now())
    lead_overrides(slack, fake_slack, "ops-primary <@U0SRE1> today 11am to today 1pm")
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE2"]
    clock.set(datetime(2026, 11, 24, 16, 0, 10, tzinfo=UTC))  # 11:00:10 in New York
    jobs.tick(services, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE1"]


@pytest.mark.parametrize("failure", [ServerError(503), RateLimited(2)])
def test_a_failed_update_is_retried_until_slack_takes_it(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, failure: object
) -> None:
    fake_slack.fail("usergroups.users.update", failure)  # type: ignore[arg-type]
    jobs.tick(services, clock.now())
    for _ in range(4):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE2"]
    assert updates(fake_slack) == ["U0SRE2"]


def test_an_old_update_still_waiting_to_be_retried_never_undoes_a_newer_one(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    fake_slack.fail("usergroups.users.update", ServerError(503))
    jobs.tick(services, clock.now())  # U0SRE2 fails and backs off
    lead_overrides(slack, fake_slack, "ops-primary <@U0SRE1> today 8am to today 1pm")
    for _ in range(4):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())
    assert fake_slack.usergroup_members(GROUP) == ["U0SRE1"]
    assert updates(fake_slack) == ["U0SRE1"]


def test_a_group_slack_does_not_know_is_reported_once_not_retried_every_tick(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    fake_slack.fail("usergroups.users.update", SlackError("no_such_subteam"))
    for _ in range(3):
        jobs.tick(services, clock.now())
        clock.advance(timedelta(seconds=30))
    assert len(fake_slack.calls_to("usergroups.users.update")) == 1
    [report] = fake_slack.messages_text("C0ESCAL")
    assert f"<!subteam^{GROUP}>" in report
    assert "no_such_subteam" in report


def test_a_rotation_without_a_user_group_sends_no_update(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    services.workspace = workspace(header(), team("ops"), rotation("ops-primary"))
    jobs.tick(services, clock.now())
    assert fake_slack.calls_to("usergroups.users.update") == []


@pytest.mark.parametrize(
    ("rotations", "problem"),
    [
        (
            [rotation("ops-primary", usergroup="C0OPS")],
            'rotations[0].usergroup: "C0OPS" is not a Slack user group id (like S0ONCALL)',
        ),
        (
            [rotation("ops-primary", usergroup=GROUP), rotation("vacant", usergroup=GROUP)],
            f'rotations[1].usergroup: "{GROUP}" already follows rotation "ops-primary"',
        ),
        (
            [rotation("ops-primary", handover="yes")],
            "rotations[0].handover: expected a boolean, got string",
        ),
    ],
)
def test_rotation_presence_keys_are_validated(rotations: list[str], problem: str) -> None:
    with pytest.raises(ConfigError) as caught:
        workspace(header(), team("ops"), *rotations)
    assert caught.value.problems == [problem]
