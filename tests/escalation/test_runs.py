"""Escalation runs end to end: levels, timings, acknowledgement, snapshots, Slack failures."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from types import MappingProxyType

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, RateLimited, ServerError
from bot.app.standin.slack_requests import SlackDriver
from bot.core.blocks.ids import ActionId
from bot.core.clock import FixedClock
from bot.core.workspace.load import parse_workspace
from tests.support.oncall import (
    ONCALL_TOML,
    SUBJECT,
    buttons,
    event_kinds,
    is_page,
    lead_overrides,
    pages,
    replies,
    restart,
    run,
    start,
    texts,
    top_level,
)
from tests.support.slack import dm_channel


def tick_minutes(services: Services, clock: FixedClock, minutes: int) -> None:
    """Tick once a minute for `minutes` minutes, as a clock would (twice as often, in fact)."""
    for _ in range(minutes * 2):
        clock.advance(timedelta(seconds=30))
        jobs.tick(services, clock.now())


def the_page(fake: FakeSlack, user: str) -> dict[str, object]:
    [message] = [m for m in fake.messages(dm_channel(user)) if is_page(m)]
    return message


def test_three_levels_with_one_repeat_page_in_order_on_time_then_exhaust(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    assert start(services)
    tick_minutes(services, clock, 180)
    owner, on_call, lead = "U0DEV1", "U0SRE2", "U0OPSMGR"
    assert pages(fake_slack, t0) == [
        (0, owner),
        (15, on_call),
        (30, lead),
        (60, owner),
        (75, on_call),
        (90, lead),
    ]
    assert run(services).status == "exhausted"
    assert run(services).exhausted_at == t0 + timedelta(minutes=120)
    [notice] = [m for m in texts(fake_slack, "C0ESCAL") if "ended after 2 passes" in m]
    assert "R-7" in notice
    # Exhausted pages lose their buttons: nobody can act on an escalation that ended.
    assert all(buttons(m) == [] for m in fake_slack.messages(dm_channel(owner)))


def test_the_run_thread_in_the_escalations_channel_logs_every_step_with_the_policy_version(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    start(services)
    tick_minutes(services, clock, 20)
    [root] = top_level(fake_slack, "C0ESCAL")
    version = services.workspace.policy("default").version
    assert f"version `{version}`" in root["text"]
    lines = [m["text"] for m in replies(fake_slack, "C0ESCAL")]
    assert all(m["thread_ts"] == root["ts"] for m in replies(fake_slack, "C0ESCAL"))
    assert "paged <@U0DEV1>" in lines[0] and "Level 1 of 3 (pass 1 of 2)" in lines[0]
    assert "paged <@U0SRE2>" in lines[1] and "Level 2 of 3" in lines[1]


def test_log_lines_go_to_the_subjects_own_thread_when_it_has_one(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    from storage import outbox
    from storage.db import unit_of_work

    with unit_of_work(services.factory) as session:
        outbox.enqueue(session, key="risk:R-7:root", channel="C0RISKS", text="R-7", now=clock.now())
    start(services, dataclasses.replace(SUBJECT, thread_key="risk:R-7:root"))
    jobs.tick(services, clock.now())
    [root] = top_level(fake_slack, "C0RISKS")
    lines = replies(fake_slack, "C0RISKS")
    assert root["text"] == "R-7"
    assert lines and all(r["thread_ts"] == root["ts"] for r in lines)
    assert "Escalation of *R-7*" in lines[0]["text"]
    assert fake_slack.messages("C0ESCAL") == []


def test_acknowledge_stops_every_further_page_and_updates_the_dms(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    start(services)
    tick_minutes(services, clock, 16)  # the owner and the on-call SRE are paged
    page = the_page(fake_slack, "U0SRE2")
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0SRE2", message_ts=str(page["ts"]))
    assert "Acknowledged. Nobody else will be paged for R-7." in fake_slack.responses_text()
    tick_minutes(services, clock, 60)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (15, "U0SRE2")]
    for user in ("U0DEV1", "U0SRE2"):
        updated = the_page(fake_slack, user)
        assert buttons(updated) == []
        assert "Acknowledged by <@U0SRE2>" in str(updated["blocks"])
    acked = run(services)
    assert (acked.status, acked.acked_by) == ("acknowledged", "U0SRE2")
    assert acked.mtta_seconds == 16 * 60
    assert any("Acknowledged by <@U0SRE2> after 16m" in t for t in texts(fake_slack, "C0ESCAL"))


def test_a_second_acknowledge_is_harmless(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    start(services)
    jobs.tick(services, clock.now())
    page = the_page(fake_slack, "U0DEV1")
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1", message_ts=str(page["ts"]))
    calls = len(fake_slack.calls)
    clock.advance(timedelta(minutes=2))
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1", message_ts=str(page["ts"]))
    jobs.tick(services, clock.now())
    assert len(fake_slack.calls) == calls  # no post, no update
    assert "R-7 was already acknowledged by <@U0DEV1>" in fake_slack.responses_text()[-1]
    assert event_kinds(services).count("acknowledged") == 1
    assert run(services).acked_at == clock.now() - timedelta(minutes=2)


def test_a_retried_click_is_processed_once(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    from bot.app.standin.slack_requests import block_action

    start(services)
    body, ctype = block_action(
        ActionId.ESCALATION_NOW, "1", user_id="U0DEV1", response_url=fake_slack.response_url()
    )
    slack.dispatch(body, ctype)
    slack.dispatch(body, ctype)
    assert event_kinds(services).count("escalated") == 1
    assert pages(fake_slack, clock.now()) == [(0, "U0DEV1"), (0, "U0SRE2")]


def test_only_paged_people_or_admins_can_acknowledge(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    start(services)
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV2")
    assert "Only people paged for this escalation" in fake_slack.responses_text()[-1]
    assert run(services).status == "triggered"
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0ADMIN")
    assert run(services).acked_by == "U0ADMIN"


def test_a_level_that_resolves_to_nobody_is_skipped_at_once_and_logged(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    start(services, dataclasses.replace(SUBJECT, owner=None))
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0SRE2")]
    assert event_kinds(services)[:3] == ["started", "level_skipped", "level_fired"]
    assert any(
        "Level 1 of 3 (pass 1 of 2) skipped: `owner` resolved to nobody" in text
        for text in texts(fake_slack, "C0ESCAL")
    )
    assert run(services).next_fire_at == t0 + timedelta(minutes=15)


def test_a_pass_that_pages_nobody_tells_the_escalations_channel_with_here(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, workspace_toml: str
) -> None:
    toml = workspace_toml.replace('"rotation:ops-primary"', '"rotation:vacant"').replace(
        '"lead:ops"', '"rotation:vacant"'
    )
    services.workspace = parse_workspace(toml)
    start(services, dataclasses.replace(SUBJECT, owner=None))
    jobs.tick(services, clock.now())
    assert pages(fake_slack, clock.now()) == []
    posts = [m["text"] for m in top_level(fake_slack, "C0ESCAL")]
    [here] = [text for text in posts if text.startswith("<!here>")]
    assert "Nobody could be paged for *R-7*" in here
    assert run(services).status == "exhausted"


def test_a_running_escalation_keeps_its_policy_when_the_file_changes(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    start(services)
    policy = ONCALL_TOML[ONCALL_TOML.index("[[escalation_policies]]") :]
    edited = ONCALL_TOML.replace(
        policy,
        """[[escalation_policies]]
id = "default"
levels = [{ notify = ["owner"], after = "15m" }, { notify = ["lead:ops"], after = "5m" }]
""",
    )
    services.workspace = parse_workspace(edited)
    other = dataclasses.replace(SUBJECT, ref="R-8", owner="U0DEV2")
    start(services, other, key="test:start-2")
    tick_minutes(services, clock, 40)
    old, new = run(services, 1).policy_version, run(services, 2).policy_version
    assert old != new == services.workspace.policy("default").version
    assert pages(fake_slack, t0, version=old) == [(0, "U0DEV1"), (15, "U0SRE2"), (30, "U0OPSMGR")]
    assert pages(fake_slack, t0, version=new) == [(0, "U0DEV2"), (15, "U0OPSMGR")]


def test_an_override_changes_who_is_paged(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    lead_overrides(slack, fake_slack, "ops-primary <@U0SRE1|sre1> today 8am to tomorrow 8am")
    t0 = clock.now()
    start(services, dataclasses.replace(SUBJECT, owner=None))
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0SRE1")]


def test_escalate_now_fires_the_next_level_at_once_and_logs_who(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    start(services)
    jobs.tick(services, clock.now())
    clock.advance(timedelta(minutes=3))
    slack.action(ActionId.ESCALATION_NOW, "1", user_id="U0DEV1")
    assert "Escalated R-7 to the next level." in fake_slack.responses_text()
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (3, "U0SRE2")]
    assert run(services).next_fire_at == clock.now() + timedelta(minutes=15)
    assert any("<@U0DEV1> escalated now." in text for text in texts(fake_slack, "C0ESCAL"))


def test_starting_an_active_subject_again_pages_nobody_new_and_a_used_key_does_nothing(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    assert start(services, key="risk:R-7:escalate:1")
    assert not start(services, key="risk:R-7:escalate:1")
    clock.advance(timedelta(minutes=1))
    assert not start(services, key="risk:R-7:escalate:2", by="U0PM")
    jobs.tick(services, clock.now())
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]
    assert event_kinds(services) == ["started", "level_fired"]


def test_after_resolve_a_new_start_opens_a_new_run_from_level_one(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    start(services)
    assert services.escalator is not None
    assert services.escalator.resolve("risk", "R-7", by="U0PM", now=clock.now())
    assert not services.escalator.resolve("risk", "R-7", by="U0PM", now=clock.now())
    start(services, key="test:again")
    assert run(services, 2).status == "triggered"
    assert run(services, 1).status == "resolved"


def test_resolve_stops_everything_including_pages_queued_behind_a_failed_send(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    # Without a log channel the page is level 2's only post, so the 503 surely hits it (the
    # outbox sends channels concurrently: a log line could take it instead).
    services.workspace = dataclasses.replace(services.workspace, channels=MappingProxyType({}))
    start(services)
    jobs.tick(services, clock.now())
    # A 429 is waited out within the tick; a 503 backs the page off past the resolve.
    fake_slack.fail("chat.postMessage", ServerError(status=503))
    tick_minutes(services, clock, 15)  # level 2 is queued behind the back-off
    slack.action(ActionId.ESCALATION_RESOLVE, "1", user_id="U0DEV1")
    tick_minutes(services, clock, 120)
    assert fake_slack.messages(dm_channel("U0SRE2")) == []
    assert "Resolved by <@U0DEV1>" in str(the_page(fake_slack, "U0DEV1")["blocks"])
    assert run(services).status == "resolved"


def test_a_page_rate_limited_twice_is_delivered_exactly_once(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    # Without a log channel the page is the only message, so both 429s hit it.
    services.workspace = dataclasses.replace(services.workspace, channels=MappingProxyType({}))
    fake_slack.fail("chat.postMessage", RateLimited(retry_after=2), RateLimited(retry_after=2))
    t0 = clock.now()
    start(services)
    for _ in range(4):
        clock.advance(timedelta(seconds=2))
        jobs.tick(services, clock.now())
    page_calls = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["channel"] == "U0DEV1"
    ]
    assert [c.status for c in page_calls] == [429, 429, 200]
    assert pages(fake_slack, t0) == [(0, "U0DEV1")]


def test_a_process_killed_between_commit_and_send_pages_once_after_restart(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    services.outbox.flush = lambda *a, **k: 0  # type: ignore[method-assign]  # dies before sending
    start(services)
    assert fake_slack.calls_to("chat.postMessage") == []
    restarted = restart(services, clock)
    for _ in range(3):
        jobs.tick(restarted, clock.now())
        clock.advance(timedelta(minutes=1))
    assert pages(fake_slack, clock.now() - timedelta(minutes=3)) == [(0, "U0DEV1")]


def test_a_page_sent_by_a_process_killed_before_recording_it_is_not_sent_again(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    from storage import outbox
    from storage.db import unit_of_work

    services.outbox.flush = lambda *a, **k: 0  # type: ignore[method-assign]
    start(services)
    key = "page:1:0:0:U0DEV1"
    with unit_of_work(services.factory) as session:
        row = outbox.by_key(session, key)
        assert row is not None
        assert outbox.claim(session, row.id, clock.now()) is not None
        text, blocks = row.text, row.blocks
    # The dead process's post reached Slack; its ts was never recorded.
    services.gateway.post(
        "U0DEV1",
        text,
        blocks,
        metadata={"event_type": "tandem_outbox", "event_payload": {"key": key}},
    )
    restarted = restart(services, clock)
    for _ in range(4):
        clock.advance(timedelta(minutes=1))
        jobs.tick(restarted, clock.now())
    assert len(fake_slack.messages(dm_channel("U0DEV1"))) == 1


def test_ticks_repeated_or_from_two_processes_never_page_twice(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    start(services)
    other = restart(services, clock)
    for minutes in (0, 15, 15, 30, 30):
        at = t0 + timedelta(minutes=minutes)
        clock.set(at)
        jobs.tick(services, at)
        jobs.tick(other, at)
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (15, "U0SRE2"), (30, "U0OPSMGR")]


def test_the_watchdog_logs_and_redrives_an_overdue_step_once(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    t0 = clock.now()
    start(services)
    clock.advance(timedelta(minutes=22))  # the clock was stopped for 22 minutes
    jobs.tick(services, clock.now())
    jobs.tick(services, clock.advance(timedelta(seconds=30)))
    assert event_kinds(services).count("watchdog") == 1
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (22, "U0SRE2")]
    assert any("Watchdog" in text and "7m late" in text for text in texts(fake_slack, "C0ESCAL"))
    # Delays count from when the level really fired.
    assert run(services).next_fire_at == t0 + timedelta(minutes=22 + 15)


def test_without_the_policy_in_the_file_the_escalations_channel_is_told(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    services.workspace = parse_workspace(ONCALL_TOML.split("[[escalation_policies]]")[0])
    start(services)
    assert pages(fake_slack, clock.now()) == []
    [notice] = [t for t in texts(fake_slack, "C0ESCAL") if t.startswith("<!here>")]
    assert "no escalation policy `default`" in notice
    assert run(services).status == "exhausted"


def test_escalating_past_the_last_level_asks_the_escalations_channel_for_help(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, slack: SlackDriver
) -> None:
    t0 = clock.now()
    start(services)
    for _ in range(5):  # level 1, 2, 3, then pass 2: levels 1, 2, 3
        clock.advance(timedelta(minutes=1))
        slack.action(ActionId.ESCALATION_NOW, "1", user_id="U0DEV1")
    slack.action(ActionId.ESCALATION_ACK, "1", user_id="U0DEV1")
    slack.action(ActionId.ESCALATION_NOW, "1", user_id="U0DEV1")
    assert len(pages(fake_slack, t0)) == 6
    assert "already at the last level" in fake_slack.responses_text()[-1]
    [help_call] = [
        m["text"] for m in top_level(fake_slack, "C0ESCAL") if "past the last level" in m["text"]
    ]
    assert help_call.startswith("<!here> <@U0DEV1> escalated *R-7*")
    assert run(services).status == "acknowledged"
