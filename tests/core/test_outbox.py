"""Every message is delivered exactly once per key, through 429s, 5xx, timeouts and crashes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, RateLimited, ServerError, SlackError, Timeout
from bot.core.clock import FixedClock
from storage import outbox as repo
from storage.db import unit_of_work
from storage.models import OutboxMessage


def enqueue(services: Services, key: str, channel: str = "C0OPS", **kwargs: object) -> None:
    with unit_of_work(services.factory) as session:
        repo.enqueue(
            session,
            key=key,
            channel=channel,
            text=f"text of {key}",
            now=services.clock.now(),
            **kwargs,  # type: ignore[arg-type]
        )


def row(services: Services, key: str) -> OutboxMessage:
    with unit_of_work(services.factory) as session:
        found = repo.by_key(session, key)
        assert found is not None
        return found


def test_a_queued_message_is_posted_once_with_its_key_as_metadata(
    services: Services, fake_slack: FakeSlack
) -> None:
    enqueue(services, "k1")
    assert services.outbox.flush(services.clock.now()) == 1
    assert services.outbox.flush(services.clock.now()) == 0
    [call] = fake_slack.calls_to("chat.postMessage")
    assert call.params["metadata"]["event_payload"] == {"key": "k1"}
    assert row(services, "k1").sent_ts is not None


def test_429_twice_then_success_delivers_exactly_one_message_in_the_same_flush(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, sleeps: list[float]
) -> None:
    fake_slack.fail("chat.postMessage", RateLimited(retry_after=2), RateLimited(retry_after=2))
    enqueue(services, "page")
    assert services.outbox.flush(clock.now()) == 1
    assert [c.status for c in fake_slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert sleeps.count(2.0) == 2  # each Retry-After waited out before the next try
    assert len(fake_slack.messages("C0OPS")) == 1
    assert row(services, "page").state == "sent"


def test_a_server_error_is_retried_with_backoff(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    fake_slack.fail("chat.postMessage", ServerError(status=503))
    enqueue(services, "k")
    services.outbox.flush(clock.now())
    assert row(services, "k").state == "pending"
    services.outbox.flush(clock.advance(timedelta(minutes=1)))
    assert len(fake_slack.messages("C0OPS")) == 1


def test_a_process_killed_between_commit_and_send_sends_once_after_restart(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    enqueue(services, "k")  # committed; the process "dies" before flushing
    restarted = Services.build(
        services.settings, clock=clock, workspace=services.workspace, engine=services.engine
    )
    restarted.outbox.flush(clock.now())
    restarted.outbox.flush(clock.advance(timedelta(minutes=5)))
    assert len(fake_slack.messages("C0OPS")) == 1


def test_a_process_killed_after_send_before_recording_never_posts_twice(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    enqueue(services, "k")
    with unit_of_work(services.factory) as session:
        claimed = repo.claim(session, row(services, "k").id, clock.now())
        assert claimed is not None
    # The dead process's post reached Slack, but its ts was never recorded.
    services.gateway.post(
        "C0OPS",
        "text of k",
        metadata={"event_type": "tandem_outbox", "event_payload": {"key": "k"}},
    )
    services.outbox.flush(clock.advance(timedelta(minutes=1)))  # claim lease still held
    services.outbox.flush(clock.advance(timedelta(minutes=5)))
    assert len(fake_slack.messages("C0OPS")) == 1
    assert row(services, "k").state == "sent"


@pytest.mark.parametrize("slack_timeout", [0.1])
def test_a_timeout_after_slack_accepted_is_not_posted_again(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    fake_slack.fail("chat.postMessage", Timeout(seconds=2.5, accept=True))
    enqueue(services, "k")
    services.outbox.flush(clock.now())
    assert row(services, "k").last_error == "timeout"
    services.outbox.flush(clock.advance(timedelta(minutes=5)))
    assert len(fake_slack.messages("C0OPS")) == 1
    assert row(services, "k").state == "sent"


def test_a_permanent_failure_is_reported_in_the_escalations_channel(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    fake_slack.fail("chat.postMessage", SlackError("channel_not_found"))
    enqueue(services, "k", channel="C0GONE")
    services.outbox.flush(clock.now())
    assert row(services, "k").state == "failed"
    [notice] = fake_slack.messages("C0ESCAL")
    assert "channel_not_found" in notice["text"] and "<#C0GONE>" in notice["text"]


def test_a_thread_reply_waits_for_its_root_message(
    services: Services, fake_slack: FakeSlack, clock: FixedClock
) -> None:
    fake_slack.fail("chat.postMessage", ServerError(status=500))
    enqueue(services, "root")
    enqueue(services, "reply", thread_key="root")
    enqueue(services, "edit", op="update", target_key="root")
    services.outbox.flush(clock.now())
    assert row(services, "reply").state == "pending"
    services.outbox.flush(clock.advance(timedelta(minutes=1)))
    root = row(services, "root")
    [reply] = [
        c for c in fake_slack.calls_to("chat.postMessage") if c.params["text"] == "text of reply"
    ]
    assert reply.params["thread_ts"] == root.sent_ts
    [update] = fake_slack.calls_to("chat.update")
    assert update.params["ts"] == root.sent_ts


def test_posts_to_one_channel_are_paced_to_one_a_second(
    services: Services, fake_slack: FakeSlack, sleeps: list[float]
) -> None:
    for n in range(3):
        enqueue(services, f"k{n}")
    enqueue(services, "other", channel="C0APOLLO")
    services.outbox.flush(services.clock.now())
    assert len(fake_slack.messages("C0OPS")) == 3
    assert sleeps == [1.0, 1.0]
