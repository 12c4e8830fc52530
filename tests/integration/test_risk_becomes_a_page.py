"""The promise no single competitor keeps: a risk becomes a page, and it all lands in one thread."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId

RISKS = "C0RISKS"
PEOPLE = ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2", "U0ADMIN")


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in PEOPLE:
        fake_slack.add_user(user, tz="America/New_York")


def dm_pages(fake_slack: FakeSlack, user: str) -> list[dict[str, Any]]:
    """Pages posted to `user`, as they look now (an acknowledged page loses its buttons)."""
    posted = {
        c.params["text"]
        for c in fake_slack.calls_to("chat.postMessage")
        if c.params["channel"] == user and ActionId.ESCALATION_ACK in json.dumps(c.params)
    }
    return [
        m
        for m in fake_slack.messages("D" + user[1:])
        if m.get("text") in posted or "Acknowledged" in json.dumps(m)
    ]


def replies(fake_slack: FakeSlack, root: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in fake_slack.messages(RISKS)
        if m.get("thread_ts") == root["ts"] and m["ts"] != root["ts"]
    ]


def ack_value(message: dict[str, Any]) -> str:
    for block in message.get("blocks", []):
        for element in block.get("elements", []):
            if element.get("action_id") == ActionId.ESCALATION_ACK:
                return str(element["value"])
    raise AssertionError("no Acknowledge button")


def test_a_critical_risk_pages_its_owner_in_its_thread_until_acknowledged(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command(
        "/risk",
        "add Primary database has no tested failover p:5 i:4 owner:<@U0SRE1|sre1>",
        user_id="U0PM",
    )
    [root] = [m for m in fake_slack.messages(RISKS) if m.get("thread_ts") in (None, m["ts"])]
    [page] = dm_pages(fake_slack, "U0SRE1")
    thread = replies(fake_slack, root)
    assert any("U0SRE1" in json.dumps(m) for m in thread)  # the page is logged in the thread

    slack.action(
        ActionId.ESCALATION_ACK,
        ack_value(page),
        user_id="U0SRE1",
        message_ts=page["ts"],
        channel_id=page["channel"],
    )
    services.clock.advance(timedelta(hours=1))
    jobs.tick(services, services.clock.now())
    [acked] = dm_pages(fake_slack, "U0SRE1")
    assert "Acknowledged" in json.dumps(acked)
    assert dm_pages(fake_slack, "U0SRE2") == []  # on call: level 2 never fired
    assert dm_pages(fake_slack, "U0OPSMGR") == []  # level 3 never fired
    thread = replies(fake_slack, root)
    assert any("Acknowledged" in json.dumps(m) for m in thread)


def test_closing_a_risk_resolves_its_escalation_so_nobody_else_is_paged(
    slack: SlackDriver, fake_slack: FakeSlack, services: Services
) -> None:
    slack.command(
        "/risk", "add Payment vendor may fail p:5 i:5 owner:<@U0SRE1|sre1>", user_id="U0PM"
    )
    assert len(dm_pages(fake_slack, "U0SRE1")) == 1
    slack.command("/risk", "close R-1 vendor replaced", user_id="U0SRE1")
    services.clock.advance(timedelta(hours=2))
    jobs.tick(services, services.clock.now())
    assert dm_pages(fake_slack, "U0SRE2") == [] and dm_pages(fake_slack, "U0OPSMGR") == []
