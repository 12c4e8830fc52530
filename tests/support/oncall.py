"""On-call and escalation test helpers: their workspace, starting a run, what Slack received."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.pacing import ChannelPacer
from bot.core.ports import Subject
from storage import escalations as repo
from storage.db import unit_of_work
from storage.escalations import EscalationRun
from tests.support import slack
from tests.support.workspace import header, policy, rotation, team, toml

# Two teams, a weekly rotation, an empty one and a three-level policy (last, so tests can cut it).
ONCALL_TOML = toml(
    header({"risks": "C0RISKS", "escalations": "C0ESCAL"}),
    team("apollo"),
    team("ops"),
    rotation("ops-primary"),
    rotation("vacant"),
    policy(
        levels=[
            {"notify": ["owner"], "after": "15m"},
            {"notify": ["rotation:ops-primary"], "after": "15m"},
            {"notify": ["lead:ops"], "after": "30m"},
        ]
    ),
)

SUBJECT = Subject(
    kind="risk",
    ref="R-7",
    title="Payment provider may drop EU cards",
    owner="U0DEV1",
    team="apollo",
    thread_key=None,
)


def start(
    services: Services,
    subject: Subject = SUBJECT,
    *,
    key: str = "test:start",
    by: str | None = "U0PM",
    at: datetime | None = None,
) -> bool:
    """Start (or escalate) through the Escalator port, as risks and blockers do."""
    assert services.escalator is not None
    return services.escalator.start(
        subject, by=by, reason="trigger fired", now=at or services.clock.now(), key=key
    )


def is_page(message: dict[str, Any]) -> bool:
    return any(block.get("block_id") == "page" for block in message.get("blocks") or [])


def pages(fake: FakeSlack, since: datetime, version: str = "") -> list[tuple[int, str]]:
    """Every page DM as (minutes after `since` it was posted, user), oldest first; only those
    of runs on policy `version` when given."""
    return [
        (int((float(m["ts"]) - since.timestamp()) // 60), "U" + m["channel"][1:])
        for m in fake.messages()
        if m["channel"].startswith("D") and is_page(m) and f"version `{version}" in str(m)
    ]


def buttons(message: dict[str, Any]) -> list[str]:
    return [
        element["action_id"]
        for block in message.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    ]


def run(services: Services, run_id: int = 1) -> EscalationRun:
    with unit_of_work(services.factory) as session:
        found = session.get(EscalationRun, run_id)
        assert found is not None
        return found


def event_kinds(services: Services, run_id: int = 1) -> list[str]:
    with unit_of_work(services.factory) as session:
        return [e.kind for e in repo.events(session, run_id)]


def texts(fake: FakeSlack, channel: str) -> list[str]:
    return fake.messages_text(channel)


def top_level(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    """Messages in `channel` that are not thread replies."""
    return slack.roots(fake, channel)


def replies(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    """Every thread reply in `channel`."""
    return slack.replies(fake, channel)


def restart(services: Services, clock: FixedClock) -> Services:
    """Another process on the same database (a restart, or a second clock beside this one)."""
    pacer = ChannelPacer(monotonic=lambda: clock.now().timestamp(), sleep=lambda _: None)
    return Services.build(
        services.settings,
        clock=clock,
        workspace=services.workspace,
        engine=services.engine,
        pacer=pacer,
    )


def lead_overrides(slack: SlackDriver, fake: FakeSlack, text: str) -> None:
    """The ops lead runs `/oncall override TEXT` (both people known to Slack, in New York)."""
    fake.add_user("U0OPSMGR", tz="America/New_York")
    fake.add_user("U0SRE1", tz="America/New_York")
    slack.command("/oncall", f"override {text}", user_id="U0OPSMGR")
