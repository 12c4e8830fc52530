"""A weekly rotation hands off at 10:00 local on both sides of the next DST change of New York
(Sunday 14 March 2027) and Berlin (Sunday 28 March 2027): in /oncall and in hand-off notices."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.support.workspace import header, rotation, team, toml

CASES = {
    # zone: (the Monday hand-off before the change, the one after, their local labels)
    "America/New_York": (
        datetime(2027, 3, 8, 15, 0, tzinfo=UTC),
        datetime(2027, 3, 15, 14, 0, tzinfo=UTC),
        ("Mon 8 Mar 10:00 EST", "Mon 15 Mar 10:00 EDT", "Mon 22 Mar 10:00 EDT"),
    ),
    "Europe/Berlin": (
        datetime(2027, 3, 22, 9, 0, tzinfo=UTC),
        datetime(2027, 3, 29, 8, 0, tzinfo=UTC),
        ("Mon 22 Mar 10:00 CET", "Mon 29 Mar 10:00 CEST", "Mon 5 Apr 10:00 CEST"),
    ),
}


@pytest.fixture(params=list(CASES))
def zone(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def workspace_toml(zone: str) -> str:
    return toml(header(timezone=zone), team("apollo"), team("ops"), rotation("ops-primary"))


def test_oncall_and_hand_off_notices_stay_at_ten_local_across_the_dst_change(
    zone: str,
    services: Services,
    slack: SlackDriver,
    fake_slack: FakeSlack,
    clock: FixedClock,
) -> None:
    before, after, (first, second, third) = CASES[zone]
    fake_slack.add_user("U0OPSMGR", tz=zone)
    clock.set(before - timedelta(hours=1))
    slack.command("/oncall", "", user_id="U0OPSMGR")
    line = str(fake_slack.responses[-1]["text"]).split("\n")[0]
    assert line.endswith(f"until {first} · next <@U0SRE1> from {first} until {second}")
    clock.set(after - timedelta(hours=1))
    slack.command("/oncall", "", user_id="U0OPSMGR")
    line = str(fake_slack.responses[-1]["text"]).split("\n")[0]
    assert line.endswith(f"until {second} · next <@U0SRE2> from {second} until {third}")

    for boundary in (before, after):
        clock.set(boundary)
        jobs.tick(services, clock.now())
    posts = fake_slack.messages_text("C0OPS")
    assert [p.split(" is on call")[0] for p in posts] == ["<@U0SRE1>", "<@U0SRE2>"]
    assert f"until <!date^{int(after.timestamp())}^" in posts[0]
    assert f"|{second}>" in posts[0]
    week_after = int((after + timedelta(weeks=1)).timestamp())
    assert f"until <!date^{week_after}^" in posts[1]
    assert f"|{third}>" in posts[1]
