"""Webhooks deliver signed JSON through the outbox: retried with back-off until a 2xx, then
never again; each POST verifies as Slack's own scheme does."""

from __future__ import annotations

import json
import time
from datetime import timedelta

import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import Engine, select

from bot.app import jobs
from bot.app.container import Services
from bot.app.dry_run import PrintingGateway
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.workspace.load import ConfigError, parse_workspace
from bot.core.workspace.model import WorkspaceConfig
from bot.webhooks.signing import sign, verify
from storage import outbox as repo
from storage.db import unit_of_work
from storage.models import OutboxMessage
from tests.support.webhooks import Received, Receiver
from tests.support.workspace import EXAMPLE_CONFIG
from tests.webhooks.conftest import SECRET


def verifies(post: Received) -> bool:
    return verify(
        SECRET,
        post.headers["X-Tandem-Timestamp"],
        post.body,
        post.headers["X-Tandem-Signature"],
        time.time(),
    )


def events_of(hook: Receiver) -> list[str]:
    return [json.loads(p.body)["event"] for p in hook.received if p.status == 200]


def test_a_receiver_answering_500_twice_then_200_gets_the_event_exactly_once_more(
    services: Services, slack: SlackDriver, clock: FixedClock, hook: Receiver
) -> None:
    hook.answer(500, 500)
    slack.command("/risk", "add Vendor API deprecation p:2 i:3", user_id="U0DEV1")
    assert [p.status for p in hook.received] == [500]  # tried at once, after commit
    for _ in range(6):  # the clock's ticks over the next hour: back-off, then the 200
        clock.advance(timedelta(minutes=10))
        assert jobs.tick(services, clock.now()) == []
    assert [p.status for p in hook.received] == [500, 500, 200]
    assert all(verifies(p) for p in hook.received)
    bodies = {p.body for p in hook.received}
    assert len(bodies) == 1  # the same event each time, signed anew at each try
    body = json.loads(hook.received[-1].body)
    assert body["event"] == "risk.raised"
    assert body["data"]["risk"]["ref"] == "R-1"
    assert body["data"]["risk"]["owner"] == "U0DEV1"
    assert body["data"]["risk"]["customer"] is False
    assert hook.received[-1].headers["X-Tandem-Delivery"] == body["id"]
    with unit_of_work(services.factory) as session:
        row = repo.by_key(session, body["id"])
        assert row is not None
        assert (row.state, row.attempts) == ("sent", 3)
    results = {
        sample.labels["result"]: sample.value
        for family in text_string_to_metric_families(services.metrics.exposition().decode())
        for sample in family.samples
        if sample.name == "tandem_webhook_deliveries_total"
    }
    assert results == {"http_500": 2, "ok": 1}


def test_the_signature_is_v1_hex_hmac_of_version_timestamp_and_body(hook: Receiver) -> None:
    import hashlib
    import hmac

    body = b'{"event":"risk.raised"}'
    expected = hmac.new(b"k", b"v1:1700000000:" + body, hashlib.sha256).hexdigest()
    assert sign("k", 1700000000, body) == f"v1={expected}"
    assert verify("k", "1700000000", body, f"v1={expected}", 1700000100)
    assert not verify("k", "1700000000", body + b" ", f"v1={expected}", 1700000100)
    assert not verify("wrong", "1700000000", body, f"v1={expected}", 1700000100)
    assert not verify("k", "1700000000", body, f"v1={expected}", 1700000000 + 301)  # stale


def test_risk_and_escalation_events_arrive_in_order_with_their_payloads(
    slack: SlackDriver, hook: Receiver, fake_slack: FakeSlack
) -> None:
    slack.command("/risk", "add Payments provider is down p:5 i:5", user_id="U0DEV1")
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1")
    slack.command("/risk", "update R-1 p:2", user_id="U0DEV1")
    assert events_of(hook) == [
        "risk.raised",
        "escalation.started",
        "escalation.acknowledged",
        "risk.changed",
    ]
    assert all(verifies(p) for p in hook.received)
    by_event = {json.loads(p.body)["event"]: json.loads(p.body) for p in hook.received}
    started = by_event["escalation.started"]["data"]
    assert started["subject"]["ref"] == "R-1"
    assert started["status"] == "triggered"
    acked = by_event["escalation.acknowledged"]["data"]
    assert (acked["by"], acked["status"], acked["mtta_seconds"]) == ("U0DEV1", "acknowledged", 0)
    changed = by_event["risk.changed"]["data"]
    assert changed["change"] == "updated"
    assert changed["before"]["probability"] == 5
    assert changed["after"]["probability"] == 2
    assert (changed["risk"]["score"], changed["risk"]["rating"]) == (10, "high")


@pytest.mark.parametrize("events", [["risk.changed"]])
def test_a_webhook_gets_only_the_events_it_names(slack: SlackDriver, hook: Receiver) -> None:
    slack.command("/risk", "add Vendor late p:2 i:2", user_id="U0DEV1")
    assert hook.received == []
    slack.command("/risk", "close R-1 shipped", user_id="U0DEV1")
    assert events_of(hook) == ["risk.changed"]
    assert json.loads(hook.received[0].body)["data"]["change"] == "closed"


def test_an_event_for_a_webhook_removed_from_the_file_fails_for_good_and_is_reported(
    services: Services, slack: SlackDriver, clock: FixedClock, hook: Receiver, fake_slack: FakeSlack
) -> None:
    hook.answer(503)
    slack.command("/risk", "add Vendor late p:2 i:2", user_id="U0DEV1")
    services.workspace = parse_workspace(EXAMPLE_CONFIG.read_text())
    clock.advance(timedelta(minutes=5))
    assert jobs.tick(services, clock.now()) == []
    assert len(hook.received) == 1
    [notice] = [m for m in fake_slack.messages("C0ESCAL") if "webhook" in str(m["text"])]
    assert "`webhook_removed`" in str(notice["text"])


def test_webhook_entries_are_checked_with_key_paths() -> None:
    text = EXAMPLE_CONFIG.read_text() + (
        '\n[[webhooks]]\nurl = "ftp://x"\nevents = ["risk.raised", "risk.deleted"]\n'
        '\n[[webhooks]]\nurl = "https://a.example/h"\nevents = []\nsecret = "s"\n'
        '\n[[webhooks]]\nurl = "https://a.example/h"\nevents = ["risk.raised"]\nsecret = "s"\n'
    )
    with pytest.raises(ConfigError) as caught:
        parse_workspace(text)
    problems = caught.value.problems
    assert any(p.startswith("webhooks[0].url: ") for p in problems)
    assert any(p.startswith("webhooks[0].events[1]: ") and "must be one of" in p for p in problems)
    assert "webhooks[0].secret: required" in problems
    assert "webhooks[1].events: must not be empty" in problems
    assert any(p.startswith("webhooks[2].url: duplicate url") for p in problems)


@pytest.mark.parametrize("events", [["escalation.exhausted"]])
def test_a_page_nobody_acknowledges_sends_escalation_exhausted_once(
    services: Services, slack: SlackDriver, clock: FixedClock, hook: Receiver
) -> None:
    slack.command("/page", "team:ops Checkout returns 500s", user_id="U0DEV1")
    for _ in range(8):
        clock.advance(timedelta(minutes=8))
        assert jobs.tick(services, clock.now()) == []
    assert events_of(hook) == ["escalation.exhausted"]
    data = json.loads(hook.received[0].body)["data"]
    assert (data["status"], data["handed_off_to"]) == ("exhausted", None)
    assert data["subject"]["kind"] == "page"


def test_a_dry_run_tick_prints_a_due_webhook_and_posts_nothing(
    services: Services,
    slack: SlackDriver,
    clock: FixedClock,
    hook: Receiver,
    settings: Settings,
    workspace: WorkspaceConfig,
    engine: Engine,
) -> None:
    hook.answer(500)
    slack.command("/risk", "add Vendor late p:2 i:2", user_id="U0DEV1")
    printing = PrintingGateway(services.gateway)
    dry = Services.build(
        settings,
        clock=clock,
        workspace=workspace,
        engine=engine,
        gateway=printing,
        webhook_post=printing.post_webhook,
    )
    clock.advance(timedelta(minutes=10))
    assert jobs.tick(dry, clock.now()) == []
    assert len(hook.received) == 1  # only the real first try
    assert any(line.startswith("webhook   risk.raised") for line in printing.lines)


def test_goal_and_kudos_events_for_app_home_never_reach_a_webhook(
    services: Services, slack: SlackDriver, clock: FixedClock, hook: Receiver
) -> None:
    slack.command("/goal", "add Checkout conversion % teams:apollo target:4", user_id="U0PM")
    slack.command("/goal", "update G-1 value:3", user_id="U0PM")
    slack.command("/kudos", "<@U0SRE1|sre1> for staying on the bridge", user_id="U0DEV1")
    assert jobs.tick(services, clock.now()) == []
    with unit_of_work(services.factory) as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.op == "webhook")).all()
        assert rows == []
    assert hook.received == []
    slack.command("/risk", "add Vendor API deprecation p:2 i:3", user_id="U0DEV1")
    assert jobs.tick(services, clock.now()) == []
    assert events_of(hook) == ["risk.raised"]  # the hook is live: only contract events reach it
