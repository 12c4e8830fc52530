"""One tick finishes its fan-out: everything due is sent, 429s are waited out in the same
tick, urgent pages go first, and a dead sender's claims are taken over whatever `--at`."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlalchemy import Engine

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, PostLimits, RateLimited
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.outbox import CLAIM_LEASE, Outbox
from bot.core.pacing import ChannelPacer, WorkspacePace
from bot.core.senders import sender_id
from bot.core.workspace.model import WorkspaceConfig
from storage import outbox as repo
from storage.db import unit_of_work
from storage.models import OutboxMessage
from tests.support import fanout as crowd_support

WALL = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)  # real time, unrelated to any tick's --at


class FakeTime:
    """Monotonic and wall clocks that move only when something sleeps."""

    def __init__(self) -> None:
        self.elapsed = 0.0
        self.sleeps: list[float] = []
        self.on_sleep: Callable[[], None] = lambda: None

    def monotonic(self) -> float:
        return self.elapsed

    def wall(self) -> datetime:
        return WALL + timedelta(seconds=self.elapsed)

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.elapsed += seconds
        self.on_sleep()


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def crowd(request: pytest.FixtureRequest) -> int:
    """How many people the stand-up prompts (parametrize indirectly for more)."""
    return int(getattr(request, "param", 3))


@pytest.fixture
def workspace_toml(crowd: int) -> str:
    return crowd_support.workspace_toml(crowd)


@pytest.fixture
def services(
    settings: Settings,
    clock: FixedClock,
    workspace: WorkspaceConfig,
    engine: Engine,
    fake_time: FakeTime,
) -> Services:
    """Services whose outbox runs on fake time, so waits and leases need no real sleeping."""
    return Services.build(
        settings,
        clock=clock,
        workspace=workspace,
        engine=engine,
        pacer=ChannelPacer(monotonic=fake_time.monotonic, sleep=fake_time.sleep),
        wall=fake_time.wall,
    )


@pytest.fixture
def outbox(services: Services) -> Outbox:
    return services.outbox


def enqueue(services: Services, key: str, channel: str) -> int:
    with unit_of_work(services.factory) as session:
        now = services.clock.now()
        repo.enqueue(session, key=key, channel=channel, text=f"text of {key}", now=now)
        found = repo.by_key(session, key)
        assert found is not None
        return found.id


def state(services: Services, key: str) -> str:
    with unit_of_work(services.factory) as session:
        found = repo.by_key(session, key)
        assert found is not None
        return found.state


def claim_as(services: Services, row_id: int, owner: str, until: datetime) -> None:
    with unit_of_work(services.factory) as session:
        claimed = repo.claim(
            session, row_id, services.clock.now(), owner=owner, until=until, wall=until
        )
        assert claimed is not None


def exited_sender() -> str:
    """The claim token of a process on this host that has exited (as after kill -9)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return sender_id(child.pid)


def test_three_people_and_two_429s_are_all_prompted_by_one_tick(
    services: Services, fake_slack: FakeSlack, outbox: Outbox, fake_time: FakeTime
) -> None:
    crowd_support.add_people(fake_slack, 3)
    fake_slack.fail("chat.postMessage", RateLimited(retry_after=1), RateLimited(retry_after=1))
    assert jobs.tick(services, services.clock.now()) == []
    assert crowd_support.prompts_per_person(fake_slack) == {u: 1 for u in crowd_support.people(3)}
    statuses = [c.status for c in fake_slack.calls_to("chat.postMessage")]
    assert statuses.count(429) == 2 and statuses.count(200) == 3
    assert 1.0 in fake_time.sleeps  # Retry-After was waited out, within the tick


@pytest.mark.parametrize("crowd", [500], indirect=True)
def test_five_hundred_people_without_a_limit_are_all_prompted_by_one_tick(
    services: Services, fake_slack: FakeSlack, outbox: Outbox
) -> None:
    crowd_support.add_people(fake_slack, 500)
    assert jobs.tick(services, services.clock.now()) == []
    assert crowd_support.prompts_per_person(fake_slack) == {u: 1 for u in crowd_support.people(500)}
    # Zones came from one users.list walk (200 a page), not a users.info per person.
    assert len(fake_slack.calls_to("users.list")) == 3
    assert fake_slack.calls_to("users.info") == []
    jobs.tick(services, services.clock.now() + timedelta(minutes=1))
    assert len(fake_slack.calls_to("users.list")) == 3  # the cache holds for a day


def test_a_row_claimed_by_a_dead_process_is_taken_over_by_a_rerun_at_the_same_at(
    services: Services, fake_slack: FakeSlack, outbox: Outbox, fake_time: FakeTime
) -> None:
    row_id = enqueue(services, "standup:x:U0DEV1:prompt", "U0DEV1")
    claim_as(services, row_id, exited_sender(), until=fake_time.wall() + CLAIM_LEASE)
    # The dead process's post reached Slack (its ts never recorded) ...
    enqueue(services, "standup:x:U0DEV2:prompt", "U0DEV2")
    dead_twice = enqueue(services, "standup:x:U0DEV3:prompt", "U0DEV3")
    claim_as(services, dead_twice, exited_sender(), until=fake_time.wall() + CLAIM_LEASE)
    services.gateway.post(
        "U0DEV3",
        "text of standup:x:U0DEV3:prompt",
        metadata={
            "event_type": "tandem_outbox",
            "event_payload": {"key": "standup:x:U0DEV3:prompt"},
        },
    )
    outbox.flush(services.clock.now())  # the same --at, at once: no lease has expired
    assert fake_time.elapsed < 1.0
    for user in ("U0DEV1", "U0DEV2", "U0DEV3"):
        assert len(fake_slack.messages("D" + user[1:])) == 1
        assert state(services, f"standup:x:{user}:prompt") == "sent"


def test_a_live_claim_is_not_taken_by_a_tick_with_a_later_at(
    services: Services, fake_slack: FakeSlack, outbox: Outbox, fake_time: FakeTime
) -> None:
    key = "page:1:0:0:U0DEV1"
    row_id = enqueue(services, key, "U0DEV1")
    claim_as(services, row_id, sender_id(), until=fake_time.wall() + CLAIM_LEASE)

    def live_sender_finishes() -> None:  # this process, sending in another thread
        if fake_time.elapsed >= 2.0 and state(services, key) == "sending":
            services.gateway.post("U0DEV1", "text of page")
            with unit_of_work(services.factory) as session:
                row = session.get(OutboxMessage, row_id)
                assert row is not None
                row.state, row.sent_ts, row.claimed_by, row.claimed_until = (
                    "sent",
                    "1.0",
                    None,
                    None,
                )

    fake_time.on_sleep = live_sender_finishes
    outbox.flush(services.clock.now() + timedelta(hours=3))
    assert len(fake_slack.calls_to("chat.postMessage")) == 1  # the live sender's own post
    assert state(services, key) == "sent"
    assert 2.0 <= fake_time.elapsed < 3.0  # waited for the holder, then found nothing to do


def test_a_claim_whose_wall_clock_lease_ended_is_taken_over(
    services: Services, fake_slack: FakeSlack, outbox: Outbox, fake_time: FakeTime
) -> None:
    row_id = enqueue(services, "k", "C0OPS")
    remote = "another-host:4242:77:abcd1234"  # no liveness check possible: its lease decides
    claim_as(services, row_id, remote, until=fake_time.wall() + timedelta(seconds=5))
    outbox.flush(services.clock.now())  # waits out the lease, then takes the row
    assert len(fake_slack.messages("C0OPS")) == 1
    assert 5.0 <= fake_time.elapsed <= 7.0


def test_escalation_pages_go_ahead_of_stand_up_prompts(
    services: Services, fake_slack: FakeSlack, outbox: Outbox
) -> None:
    outbox.workers = 1  # one lane, so the order of posts is the order of priority
    for n in range(5):
        enqueue(services, f"standup:crowd:U0P{n}:2026-11-24:prompt", f"U0P{n}")
    enqueue(services, "page:7:0:0:U0SRE1", "U0SRE1")
    enqueue(services, "esc-log:9", "C0OPS")
    outbox.flush(services.clock.now())
    channels = [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")]
    assert channels[:2] == ["U0SRE1", "C0OPS"] and len(channels) == 7


def test_a_flush_started_beside_another_sends_every_row_once(
    services: Services, fake_slack: FakeSlack, outbox: Outbox
) -> None:
    for n in range(40):
        enqueue(services, f"k{n}", f"U0P{n:02d}")
    first = Outbox(services.factory, outbox.gateway, pacer=outbox.pacer, wall=outbox.wall)
    other = threading.Thread(target=first.flush, args=(services.clock.now(),))
    other.start()
    outbox.flush(services.clock.now())
    other.join()
    posts = [c.params["channel"] for c in fake_slack.calls_to("chat.postMessage")]
    assert sorted(posts) == sorted(f"U0P{n:02d}" for n in range(40))


def test_the_pace_learns_the_rate_slack_allows_between_two_429s() -> None:
    time = FakeTime()
    pace = WorkspacePace(time.monotonic, time.sleep)
    pace.limited(1.0)
    pace.acquire()  # waits out Retry-After
    assert time.sleeps == [1.0]
    for _ in range(20):
        pace.sent()
    time.elapsed += 0.05
    pace.limited(1.0)  # 20 posts in 1.05 s since the last 429
    assert pace.rate is not None and 18.0 < pace.rate < 19.1
    time.sleeps.clear()
    for _ in range(3):
        pace.acquire()
    assert time.sleeps[0] == pytest.approx(1.0)
    assert time.sleeps[1] == pytest.approx(1.0 / pace.rate, rel=0.01)


def test_the_fake_refuses_posts_beyond_its_bucket_and_one_a_second_per_channel() -> None:
    time = FakeTime()
    with FakeSlack(post_limits=PostLimits(per_second=2, burst=2), monotonic=time.monotonic) as fake:
        client = WebClient(base_url=fake.url, token="xoxb-test")
        client.chat_postMessage(channel="C1", text="a")
        with pytest.raises(SlackApiError) as refused:
            client.chat_postMessage(channel="C1", text="b")  # same channel within a second
        assert refused.value.response.status_code == 429
        client.chat_postMessage(channel="C2", text="c")
        with pytest.raises(SlackApiError) as empty:
            client.chat_postMessage(channel="C3", text="d")  # the bucket of 2 is spent
        assert empty.value.response.headers["Retry-After"] == "1"
        time.elapsed += 1.0
        client.chat_postMessage(channel="C3", text="d")
        assert len(fake.messages()) == 3


def test_a_thread_reply_that_reached_slack_before_its_sender_died_is_not_posted_again(
    services: Services, fake_slack: FakeSlack, outbox: Outbox, fake_time: FakeTime
) -> None:
    enqueue(services, "esc-log:1", "C0OPS")
    outbox.flush(services.clock.now())
    with unit_of_work(services.factory) as session:
        repo.enqueue(
            session,
            key="esc-log:2",
            channel="",
            text="escalated now",
            now=services.clock.now(),
            thread_key="esc-log:1",
        )
        reply = repo.by_key(session, "esc-log:2")
        root = repo.by_key(session, "esc-log:1")
        assert reply is not None and root is not None and root.sent_ts is not None
        reply_id, root_ts = reply.id, root.sent_ts
    claim_as(services, reply_id, exited_sender(), until=fake_time.wall() + CLAIM_LEASE)
    payload = {"event_type": "tandem_outbox", "event_payload": {"key": "esc-log:2"}}
    services.gateway.post("C0OPS", "escalated now", thread_ts=root_ts, metadata=payload)
    outbox.flush(services.clock.now())  # the rerun looks in the thread, not the channel
    replies = [m for m in fake_slack.messages("C0OPS") if m.get("thread_ts") == root_ts]
    assert [m["text"] for m in replies if m["ts"] != root_ts] == ["escalated now"]
    assert state(services, "esc-log:2") == "sent"
