"""A workspace with people in three zones, and helpers to drive ticks and read their DMs."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.ports import Subject
from storage import outbox
from storage.db import unit_of_work
from storage.standups import prompts as repo
from tests.fakes.slack_api import FakeSlack
from tests.fakes.slack_requests import SlackDriver

NY, BERLIN, SHANGHAI = "U0NY", "U0BER", "U0SHA"
ZONES = {NY: "America/New_York", BERLIN: "Europe/Berlin", SHANGHAI: "Asia/Shanghai"}

WORKSPACE = """
timezone = "America/New_York"
admins = ["U0ADMIN"]

[channels]
escalations = "C0ESCAL"

[[teams]]
id = "apollo"
name = "Apollo launch"
kind = "project"
channel = "C0APOLLO"
lead = "U0PM"
members = ["U0NY", "U0BER", "U0SHA"]
holidays = ["2026-12-25"]
{extra_team}

[[teams]]
id = "ops"
name = "Platform operations"
kind = "ops"
channel = "C0OPS"
lead = "U0OPSMGR"
members = ["U0SRE1"]

[[standups]]
id = "apollo-daily"
team = "apollo"
time = "09:30"
days = ["mon", "tue", "wed", "thu", "fri"]
questions = ["What did you finish?", "What will you do today?", "Anything blocking you?"]
blocker_question = 3
remind_after = "1h"
report_at = "11:00"
{extra_standup}

[[status_reports]]
id = "apollo-weekly"
team = "apollo"
day = "fri"
time = "14:00"

[[status_reports]]
id = "ops-weekly"
team = "ops"
day = "fri"
time = "15:00"
"""


@pytest.fixture
def standup_options() -> str:
    """Extra keys for the apollo-daily stand-up (override in a module or parametrize)."""
    return ""


@pytest.fixture
def team_options() -> str:
    """Extra keys for the apollo team (override in a module or parametrize)."""
    return ""


@pytest.fixture
def workspace_toml(standup_options: str, team_options: str) -> str:
    return WORKSPACE.replace("{extra_standup}", standup_options).replace(
        "{extra_team}", team_options
    )


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in ZONES.items():
        fake_slack.add_user(user, tz=tz, name=user.lower(), real_name=f"Person {user}")
    for user in ("U0PM", "U0OPSMGR", "U0SRE1", "U0ADMIN"):
        fake_slack.add_user(user, tz="America/New_York", name=user.lower())


def tick(services: Services, clock: FixedClock, at: datetime) -> None:
    clock.set(at)
    assert jobs.tick(services, at) == []


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
        for m in fake_slack.messages("D" + user[1:])
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
    from datetime import UTC

    return datetime.fromtimestamp(float(str(message["ts"])), tz=UTC).replace(microsecond=0)


@dataclass
class RecordingEscalator:
    """Stands in for the escalation service: records what stand-ups asked of it."""

    started: list[tuple[Subject, str]] = field(default_factory=list)
    resolved: list[tuple[str, str]] = field(default_factory=list)
    keys: set[str] = field(default_factory=set)

    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        self.started.append((subject, reason))
        return True

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        self.resolved.append((kind, ref))
        return True


@pytest.fixture
def escalator(services: Services) -> RecordingEscalator:
    fake = RecordingEscalator()
    services.standups.answers.escalator = fake
    services.standups.schedule.escalator = fake
    return fake
