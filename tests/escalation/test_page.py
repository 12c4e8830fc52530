"""`/page TARGET MESSAGE`: anyone pages; a run with its own thread in the escalations
channel, the usual buttons, the caller gets the thread's link; one run per delivery."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from storage.db import unit_of_work
from storage.escalations import EscalationRun
from tests.support.oncall import buttons, is_page, pages, replies, run, top_level
from tests.support.slack import dm_channel

MESSAGE = "Checkout returns 500s for EU cards"


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in ("U0DEV1", "U0DEV2", "U0SRE1", "U0SRE2", "U0OPSMGR", "U0PM"):
        fake_slack.add_user(user)


def runs(services: Services) -> int:
    with unit_of_work(services.factory) as session:
        return int(session.scalar(select(func.count(EscalationRun.id))) or 0)


def tick_minutes(services: Services, clock: FixedClock, minutes: int) -> None:
    for _ in range(minutes * 2):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())


def page(slack: SlackDriver, fake: FakeSlack, text: str, user: str = "U0DEV2") -> str:
    """`user` runs `/page TEXT`; returns the one answer they saw."""
    before = len(fake.responses_text())
    slack.command("/page", text, user_id=user)
    [answer] = fake.responses_text()[before:]
    return answer


@pytest.mark.parametrize(
    ("target", "label", "paged", "policy"),
    [
        ("<@U0SRE1|ana>", "<@U0SRE1>", "U0SRE1", "page U0SRE1"),
        ("rotation:ops-primary", "rotation:ops-primary", "U0SRE2", "page rotation:ops-primary"),
        ("team:ops", "team:ops", "U0OPSMGR", "page lead:ops"),
    ],
)
def test_anyone_pages_a_person_a_rotation_or_a_team_lead_with_a_thread_and_its_link(
    services: Services,
    fake_slack: FakeSlack,
    slack: SlackDriver,
    target: str,
    label: str,
    paged: str,
    policy: str,
) -> None:
    answer = page(slack, fake_slack, f"{target} {MESSAGE}")
    [root] = top_level(fake_slack, "C0ESCAL")
    assert (
        "Escalation of *P-1* (Checkout returns 500s for EU cards) started by <@U0DEV2>"
        in (root["text"])
    )
    assert f"Policy `{policy}`" in root["text"]
    assert answer.startswith(f"Paged {label} for *P-1*. Its thread: ")
    assert f"/archives/C0ESCAL/p{root['ts'].replace('.', '')}" in answer
    assert fake_slack.responses[-1].get("response_type") == "ephemeral"
    [dm] = [m for m in fake_slack.messages(dm_channel(paged)) if is_page(m)]
    assert buttons(dm) == [
        ActionId.ESCALATION_ACK,
        ActionId.ESCALATION_NOW,
        ActionId.ESCALATION_RESOLVE,
    ]
    assert "P-1" in dm["text"] and MESSAGE in str(dm["blocks"])
    assert run(services).subject_kind == "page"


def test_a_one_level_page_waits_15_minutes_and_pages_three_times_then_tells_the_channel(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock
) -> None:
    t0 = clock.now()
    page(slack, fake_slack, f"rotation:ops-primary {MESSAGE}")
    tick_minutes(services, clock, 60)
    assert pages(fake_slack, t0) == [(0, "U0SRE2"), (15, "U0SRE2"), (30, "U0SRE2")]
    assert run(services).status == "exhausted"
    assert any("ended after 3 passes" in m for m in fake_slack.messages_text("C0ESCAL"))


def test_the_paged_person_acknowledges_from_the_page_and_the_thread_says_so(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock
) -> None:
    t0 = clock.now()
    page(slack, fake_slack, f"<@U0SRE1> {MESSAGE}")
    [dm] = [m for m in fake_slack.messages(dm_channel("U0SRE1")) if is_page(m)]
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0SRE1", message_ts=str(dm["ts"]))
    tick_minutes(services, clock, 40)
    assert pages(fake_slack, t0) == [(0, "U0SRE1")]
    assert run(services).status == "acknowledged"
    assert any("Acknowledged by <@U0SRE1>" in r["text"] for r in replies(fake_slack, "C0ESCAL"))


def test_a_page_on_a_policy_runs_that_policy(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, clock: FixedClock
) -> None:
    t0 = clock.now()
    page(slack, fake_slack, f"policy:default {MESSAGE}")
    tick_minutes(services, clock, 20)
    # The policy's first level is the subject's owner, and a page has none: skipped at once.
    assert pages(fake_slack, t0) == [(0, "U0SRE2"), (15, "U0OPSMGR")]
    assert run(services).policy_id == "default"


def test_a_page_to_a_rotation_with_nobody_on_call_says_so_and_asks_the_channel(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    answer = page(slack, fake_slack, f"rotation:vacant {MESSAGE}")
    assert answer.startswith(
        ":warning: rotation:vacant resolves to nobody right now, so nobody was paged for *P-1*"
    )
    assert any("Nobody could be paged for *P-1*" in m for m in fake_slack.messages_text("C0ESCAL"))
    assert run(services).status == "exhausted"


def test_pages_are_numbered_one_run_each(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    assert "*P-1*" in page(slack, fake_slack, f"team:ops {MESSAGE}")
    assert "*P-2*" in page(slack, fake_slack, f"team:ops {MESSAGE}")
    assert runs(services) == 2


def test_the_same_delivery_twice_makes_one_run(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver
) -> None:
    for _ in range(2):
        slack.command("/page", f"team:ops {MESSAGE}", user_id="U0DEV2", trigger_id="13345.retry")
    assert runs(services) == 1
    assert len([m for m in fake_slack.messages(dm_channel("U0OPSMGR")) if is_page(m)]) == 1


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", ["whom to page", "Usage"]),
        ("rotation:ops-primary", ["what the page is about", "Usage"]),
        (f"bob {MESSAGE}", ["`bob` is not something I can page", "Usage"]),
        (f"rotation:nope {MESSAGE}", ["no rotation `nope`", "`ops-primary`, `vacant`"]),
        (f"team:nope {MESSAGE}", ["no team `nope`", "`apollo`, `ops`"]),
        (f"policy:nope {MESSAGE}", ["no escalation policy `nope`", "`default`"]),
        (f"<@U0GONE> {MESSAGE}", ["U0GONE"]),
    ],
)
def test_a_bad_target_gets_a_clear_message_and_pages_nobody(
    services: Services, fake_slack: FakeSlack, slack: SlackDriver, text: str, words: list[str]
) -> None:
    answer = page(slack, fake_slack, text)
    for word in words:
        assert word in answer, answer
    assert runs(services) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


def test_page_help_shows_the_usage(fake_slack: FakeSlack, slack: SlackDriver) -> None:
    answer = page(slack, fake_slack, "help")
    assert answer.startswith("*/page pages someone now.*")
    assert "`/page rotation:ID MESSAGE`" in answer
