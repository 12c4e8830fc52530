"""The policy keys beyond levels and repeats: two acknowledgements at one level, empty levels
mid-policy, round robin, hand-off to another policy, re-escalation, and the watchdog."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.workspace.load import parse_workspace
from tests.support.oncall import (
    SUBJECT,
    buttons,
    event_kinds,
    is_page,
    pages,
    run,
    start,
    texts,
    top_level,
)
from tests.support.production import ProductionLane, production, wait_for_responses
from tests.support.slack import dm_channel
from tests.support.workspace import header, policy, rotation, team, toml

__all__ = ["production"]  # the production lane's fixture


def with_policies(services: Services, *policies: str) -> None:
    """The on-call workspace with these `[[escalation_policies]]` instead of its own."""
    services.workspace = parse_workspace(
        toml(
            header({"risks": "C0RISKS", "escalations": "C0ESCAL"}),
            team("apollo"),
            team("ops"),
            rotation("ops-primary"),
            rotation("vacant"),
            *policies,
        )
    )


def tick_minutes(services: Services, clock: FixedClock, minutes: int) -> None:
    for _ in range(minutes * 2):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())


def page_ts(fake: FakeSlack, user: str) -> str:
    [message] = [m for m in fake.messages(dm_channel(user)) if is_page(m)]
    return str(message["ts"])


def test_two_people_paged_at_one_level_both_acknowledge_and_the_first_ack_wins(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    with_policies(
        services, policy(levels=[{"notify": ["lead:ops", "lead:apollo"], "after": "15m"}])
    )
    start(services)
    clock.advance(timedelta(minutes=2))
    slack.action(
        ActionId.ESCALATION_ACK, "1", user_id="U0PM", message_ts=page_ts(fake_slack, "U0PM")
    )
    clock.advance(timedelta(seconds=5))
    slack.action(
        ActionId.ESCALATION_ACK,
        "1",
        user_id="U0OPSMGR",
        message_ts=page_ts(fake_slack, "U0OPSMGR"),
    )
    first, second = fake_slack.responses_text()
    assert first == "Acknowledged. Nobody else will be paged for R-7."
    assert second.startswith("R-7 was already acknowledged by <@U0PM> at <!date^")
    acked = run(services)
    assert (acked.status, acked.acked_by, acked.mtta_seconds) == ("acknowledged", "U0PM", 120)
    assert event_kinds(services).count("acknowledged") == 1
    for user in ("U0PM", "U0OPSMGR"):  # both pages lose their buttons and say who acked
        [page] = [m for m in fake_slack.messages(dm_channel(user)) if is_page(m)]
        assert buttons(page) == [] and "Acknowledged by <@U0PM>" in str(page["blocks"])


def test_two_acknowledgements_clicked_at_once_in_production_make_one_ack(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, production: ProductionLane
) -> None:
    with_policies(
        services, policy(levels=[{"notify": ["lead:ops", "lead:apollo"], "after": "15m"}])
    )
    start(services)
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(
                lambda user: production.action(ActionId.ESCALATION_ACK, "1", user_id=user),
                ["U0PM", "U0OPSMGR"],
            )
        )
    assert [a.status for a in answers] == [200, 200]
    assert max(a.elapsed for a in answers) < 1.0
    texts_ = sorted(str(r["text"]) for r in wait_for_responses(fake_slack, 2))
    assert len(texts_) == 2
    assert texts_[0] == "Acknowledged. Nobody else will be paged for R-7."
    assert texts_[1].startswith("R-7 was already acknowledged by <@")
    assert event_kinds(services).count("acknowledged") == 1
    assert run(services).acked_by in texts_[1]


def test_an_empty_level_mid_policy_is_skipped_at_once_and_timing_counts_from_then(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    with_policies(
        services,
        policy(
            levels=[
                {"notify": ["owner"], "after": "15m"},
                {"notify": ["rotation:vacant"], "after": "15m"},
                {"notify": ["lead:ops"], "after": "30m"},
            ]
        ),
    )
    t0 = clock.now()
    start(services)
    tick_minutes(services, clock, 20)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (15, "U0OPSMGR")]
    assert event_kinds(services) == [
        "started",
        "level_fired",
        "level_skipped",
        "level_fired",
    ]
    assert any(
        "Level 2 of 3 (pass 1 of 2) skipped: `rotation:vacant` resolved to nobody" in text
        for text in texts(fake_slack, "C0ESCAL")
    )
    # The lead's 30 minutes run from when the skip handed over to them, not from the trigger.
    assert run(services).next_fire_at == t0 + timedelta(minutes=45)


def test_a_round_robin_level_pages_its_members_in_turn_across_runs(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    with_policies(
        services,
        policy(
            repeat=0,
            levels=[
                {
                    "notify": ["U0SRE1", "U0SRE2", "U0OPSMGR"],
                    "after": "10m",
                    "assign": "round_robin",
                },
                {"notify": ["lead:apollo"], "after": "10m"},
            ],
        ),
    )
    t0 = clock.now()
    for number in range(1, 5):
        subject = dataclasses.replace(SUBJECT, ref=f"R-{number}", owner=None)
        start(services, subject, key=f"test:{number}")
    assert pages(fake_slack, t0) == [
        (0, "U0SRE1"),
        (0, "U0SRE2"),
        (0, "U0OPSMGR"),
        (0, "U0SRE1"),  # the fourth run starts the round again
    ]
    # Nobody acknowledged within `after`: each run moves on to its next level, as usual.
    tick_minutes(services, clock, 10)
    assert pages(fake_slack, t0)[4:] == [(10, "U0PM")] * 4
    [root] = [m for m in top_level(fake_slack, "C0ESCAL") if "R-2" in m["text"]]
    lines = [r["text"] for r in fake_slack.messages("C0ESCAL") if r.get("thread_ts") == root["ts"]]
    assert any("round robin: paged <@U0SRE2> (their turn of 3)" in line for line in lines)


def test_an_exhausted_run_hands_off_once_to_its_then_policy_in_the_same_thread(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    with_policies(
        services,
        policy(levels=[{"notify": ["owner"], "after": "5m"}], repeat=0, then="backup"),
        policy("backup", levels=[{"notify": ["lead:ops"], "after": "5m"}], repeat=0),
    )
    t0 = clock.now()
    start(services)
    tick_minutes(services, clock, 30)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (5, "U0OPSMGR")]
    first, second = run(services, 1), run(services, 2)
    assert (first.status, first.exhausted_at) == ("exhausted", t0 + timedelta(minutes=5))
    assert (second.status, second.policy_id) == ("exhausted", "backup")
    assert second.policy["chain"] == ["default"]
    assert second.thread_key == first.thread_key  # one thread tells the whole story
    [root] = top_level(fake_slack, "C0ESCAL")[:1]
    log = [m["text"] for m in fake_slack.messages("C0ESCAL") if m.get("thread_ts") == root["ts"]]
    assert any("handing R-7 over to policy `backup`" in line for line in log)
    assert any("Handed over from policy `default`" in line for line in log)
    assert "handed_off" in event_kinds(services, 1)
    # The owner's page says where the escalation went.
    [page] = [m for m in fake_slack.messages(dm_channel("U0DEV1")) if is_page(m)]
    assert "handed over to policy `backup`" in str(page["blocks"])


def test_a_handed_off_run_never_hands_back_to_a_policy_already_in_its_chain(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    with_policies(
        services,
        policy(levels=[{"notify": ["owner"], "after": "5m"}], repeat=0, then="backup"),
        policy("backup", levels=[{"notify": ["lead:ops"], "after": "5m"}], repeat=0),
    )
    # The file's check refuses a loop; a snapshot taken before an edit could still carry one.
    default, backup = services.workspace.escalation_policies
    looped = dataclasses.replace(backup, then="default")
    services.workspace = dataclasses.replace(
        services.workspace, escalation_policies=(default, looped)
    )
    t0 = clock.now()
    start(services)
    tick_minutes(services, clock, 30)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (5, "U0OPSMGR")]
    assert run(services, 2).status == "exhausted"
    assert "handoff_refused" in event_kinds(services, 2)
    assert any("came through `default` already" in text for text in texts(fake_slack, "C0ESCAL"))
    assert any("ended after 1 passes" in text for text in texts(fake_slack, "C0ESCAL"))


def test_reescalate_after_pages_the_current_level_again_counted_from_the_acknowledgement(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    with_policies(
        services,
        policy(
            levels=[
                {"notify": ["owner"], "after": "15m"},
                {"notify": ["lead:ops"], "after": "30m"},
            ],
            repeat=0,
            reescalate_after="1h",
        ),
    )
    t0 = clock.now()
    start(services)
    tick_minutes(services, clock, 5)
    slack.action(
        ActionId.ESCALATION_ACK, "1", user_id="U0DEV1", message_ts=page_ts(fake_slack, "U0DEV1")
    )
    assert run(services).next_fire_at == t0 + timedelta(minutes=65)
    tick_minutes(services, clock, 59)
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]  # quiet while acknowledged
    tick_minutes(services, clock, 1)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (65, "U0DEV1")]
    assert run(services).status == "triggered"
    assert any(
        "Acknowledged by <@U0DEV1> 1h ago but not resolved: paging level 1 of 2 again" in text
        for text in texts(fake_slack, "C0ESCAL")
    )
    assert any("It pages again" in text for text in texts(fake_slack, "C0ESCAL"))
    # Nobody acknowledges this time: the run goes on as usual, 15 minutes after re-paging.
    tick_minutes(services, clock, 15)
    assert pages(fake_slack, t0)[2:] == [(80, "U0OPSMGR")]


def test_resolving_an_acknowledged_run_stops_its_reescalation(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    with_policies(
        services,
        policy(levels=[{"notify": ["owner"], "after": "15m"}], reescalate_after="30m"),
    )
    t0 = clock.now()
    start(services)
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1")
    slack.action(ActionId.ESCALATION_RESOLVE, "1", user_id="U0DEV1")
    tick_minutes(services, clock, 90)
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]
    assert run(services).status == "resolved"


def test_the_watchdog_redrives_a_late_reescalation_once(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    with_policies(
        services,
        policy(levels=[{"notify": ["owner"], "after": "15m"}], reescalate_after="30m"),
    )
    t0 = clock.now()
    start(services)
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1")
    clock.advance(timedelta(minutes=42))  # the clock was stopped past the re-escalation
    jobs.tick(services, clock.now())
    tick_minutes(services, clock, 2)
    assert event_kinds(services).count("watchdog") == 1
    assert event_kinds(services).count("reescalated") == 1
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (42, "U0DEV1")]
    assert any("Watchdog" in text and "12m late" in text for text in texts(fake_slack, "C0ESCAL"))
