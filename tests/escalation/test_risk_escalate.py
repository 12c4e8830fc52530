"""`/risk escalate` and *Escalate now* on a risk whose escalation is already going."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from tests.support.oncall import event_kinds, pages, run
from tests.support.production import ProductionLane, production, wait_for_responses
from tests.support.risk import events, replies, roots

__all__ = ["production"]  # the production lane's fixture

PEOPLE = {"U0DEV1": "America/New_York", "U0SRE1": "Europe/Berlin", "U0OPSMGR": "UTC"}


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())


def raise_critical(slack: SlackDriver) -> None:
    """U0DEV1 raises a critical risk: its escalation starts at once and pages them."""
    slack.command("/risk", "add Payments provider is down p:5 i:5", user_id="U0DEV1")


def test_escalate_on_a_running_run_answers_its_state_in_the_callers_zone_and_pages_nobody(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    raise_critical(slack)
    jobs.tick(services, clock.now())
    clock.advance(timedelta(minutes=3))
    slack.command("/risk", "escalate R-1", user_id="U0SRE1")
    answer = fake_slack.responses[-1]
    text = str(answer["text"])
    assert answer["response_type"] == "ephemeral"
    assert "*R-1* is already escalating (policy `default`" in text
    assert "level 1 of 3, pass 1 of 2" in text and "Nobody new was paged." in text
    paged_at = int(t0.timestamp())
    assert f"Paged: <@U0DEV1> at <!date^{paged_at}^" in text
    # The next level's time, with the caller's own zone (Berlin) as the token's fallback.
    next_at = int((t0 + timedelta(minutes=15)).timestamp())
    assert f"The next level fires <!date^{next_at}^{{date_short_pretty}} {{time}}|" in text
    assert "15:15 CET>" in text
    [root] = roots(fake_slack)
    assert f"Thread: https://fake.slack/archives/C0RISKS/p{root['ts'].replace('.', '')}" in text
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]
    assert event_kinds(services) == ["started", "level_fired"]
    # Not an escalation: nothing is added to the risk's history or its thread.
    assert [e.type for e in events(services, 1)] == ["created"]
    assert not any("escalated" in r["text"] for r in replies(fake_slack, root["ts"]))


def test_escalate_on_an_acknowledged_run_says_who_acknowledged_and_pages_nobody(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    raise_critical(slack)
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1")
    slack.command("/risk", "escalate R-1", user_id="U0OPSMGR")
    text = fake_slack.responses_text()[-1]
    assert "acknowledged by <@U0DEV1> at <!date^" in text
    assert "It stays open until someone resolves it." in text
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]


def test_escalate_now_on_a_page_moves_the_run_on_and_logs_who_in_the_thread_and_export(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    raise_critical(slack)
    clock.advance(timedelta(minutes=2))
    slack.action(ActionId.ESCALATION_NOW, "1", user_id="U0DEV1")
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (2, "U0SRE2")]
    [root] = roots(fake_slack)
    assert any("<@U0DEV1> escalated now." in r["text"] for r in replies(fake_slack, root["ts"]))
    columns, rows = services.exporters["escalations"](None)
    [row] = list(rows)
    assert "escalated_by" in columns and row["escalated_by"] == "U0DEV1"
    assert run(services).status == "triggered"


def test_escalate_on_a_running_run_in_production_acks_at_once_with_one_ephemeral_answer(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, production: ProductionLane
) -> None:
    t0 = clock.now()
    added = production.command("/risk", "add Payments provider is down p:5 i:5", user_id="U0DEV1")
    assert added.status == 200
    wait_for_responses(fake_slack, 1)
    answer = production.command("/risk", "escalate R-1", user_id="U0SRE1")
    assert answer.status == 200, (answer.status, answer.body)
    assert answer.elapsed < 1.0, answer.elapsed
    responses = wait_for_responses(fake_slack, 2)
    [reply] = [r for r in responses[1:] if r.get("text")]
    assert reply.get("response_type") == "ephemeral"
    assert "already escalating" in reply["text"] and "Nobody new was paged." in reply["text"]
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]
    assert len(fake_slack.responses) == 2


def test_the_risk_threads_escalate_button_on_a_running_run_answers_its_state_too(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    raise_critical(slack)
    [root] = roots(fake_slack)
    slack.action(
        ActionId.RISK_ESCALATE, "1", user_id="U0SRE1", message_ts=root["ts"], channel_id="C0RISKS"
    )
    answer = fake_slack.responses[-1]
    assert answer["response_type"] == "ephemeral"
    assert "*R-1* is already escalating" in answer["text"]
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]
    assert [e.type for e in events(services, 1)] == ["created"]
