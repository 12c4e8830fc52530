"""Stand-up test helpers: a workspace with people in three zones, ticks, a button, their DMs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from storage import outbox, sightings
from storage.db import unit_of_work
from storage.standups import prompts as repo
from tests.support.slack import dm_channel
from tests.support.workspace import header, standup, status_report, team, toml

NY, BERLIN, SHANGHAI = "U0NY", "U0BER", "U0SHA"
# A Monday before the tests' week: "Tandem has been running since then".
WATCHED_SINCE = datetime(2026, 11, 23, tzinfo=UTC)
ZONES = {NY: "America/New_York", BERLIN: "Europe/Berlin", SHANGHAI: "Asia/Shanghai"}


def standup_toml(*, team_options: str = "", standup_options: str = "") -> str:
    """Apollo (the three zones, a holiday) with its daily stand-up, ops, and both weekly reports.

    Args:
        team_options: extra TOML keys for the apollo team.
        standup_options: extra TOML keys for the apollo-daily stand-up.
    """
    return toml(
        header({"escalations": "C0ESCAL"}),
        team("apollo", team_options, members=[NY, BERLIN, SHANGHAI], holidays=["2026-12-25"]),
        team("ops", members=["U0SRE1"]),
        standup(
            "apollo-daily",
            standup_options,
            questions=["What did you finish?", "What will you do today?", "Anything blocking you?"],
        ),
        status_report("apollo-weekly"),
        status_report("ops-weekly"),
    )


def tick(services: Services, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    assert jobs.tick(services, at) == []


def watched_since(services: Services, at: datetime) -> None:
    """Tandem has seen every stand-up and status report since `at` (a clock running since
    then), so what falls due after `at` is caught up if the clock was down."""
    workspace = services.workspace
    with unit_of_work(services.factory) as session:
        sightings.first_seen(session, "standup", [s.id for s in workspace.standups], at)
        sightings.first_seen(session, "status_report", [r.id for r in workspace.status_reports], at)


def tick_through(
    services: Services,
    clock: FixedClock,
    start: datetime,
    end: datetime,
    every: timedelta = timedelta(minutes=15),
) -> None:
    """Tick at every step from start to end (inclusive), as the clock process would."""
    at = start
    while at <= end:
        tick(services, clock, at)
        at += every


def press_skip(slack: SlackDriver, services: Services, user: str) -> None:
    """`user` presses "Skip today" on their latest prompt DM."""
    with unit_of_work(services.factory) as session:
        prompt = repo.latest_prompts(session, user)[0]
        sent = outbox.by_key(session, prompt.outbox_key)
        assert sent is not None and sent.sent_ts is not None
    slack.action(
        ActionId.STANDUP_SKIP_TODAY,
        str(prompt.id),
        user_id=user,
        message_ts=sent.sent_ts,
        channel_id=sent.sent_channel,
    )


def dms(fake_slack: FakeSlack, user: str) -> list[dict[str, object]]:
    """Top-level messages the bot sent to `user`'s DM, oldest first."""
    return [
        m
        for m in fake_slack.messages(dm_channel(user))
        if m.get("user") == "UBOT" and not m.get("thread_ts")
    ]


def prompts_to(fake_slack: FakeSlack, user: str) -> list[dict[str, object]]:
    """The stand-up prompts (first DM of a stand-up day) sent to `user`."""
    return [
        m
        for m in dms(fake_slack, user)
        if any(b.get("block_id") == "standup-intro" for b in m.get("blocks", []))  # type: ignore[union-attr]
    ]


def sent_at(message: dict[str, object]) -> datetime:
    """When the fake received a message (its ts follows the frozen clock, plus a few
    microseconds to keep each ts unique)."""
    return datetime.fromtimestamp(float(str(message["ts"])), tz=UTC).replace(microsecond=0)
