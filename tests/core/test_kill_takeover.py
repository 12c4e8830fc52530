"""Kill -9 a `tandem tick` at random points of a 200-person fan-out and an escalation, rerun
it with the same `--at` until done: every message reaches Slack exactly once.

The tick runs as the real command in a subprocess against the fake Slack in this process and
a file SQLite database (or PostgreSQL with TEST_DATABASE_URL). Slack takes a few milliseconds
per post, so kills land mid-request: some posts reach Slack with their send never recorded,
which the next tick must find (metadata look-up) instead of posting again.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack, PostLimits
from storage.db import unit_of_work
from storage.models import OutboxMessage
from tests.support import fanout as crowd
from tests.support.clock import START
from tests.support.oncall import ONCALL_TOML, start
from tests.support.production import ROOT

PEOPLE = 200
KILLS = 20
AT = START.isoformat()

pytestmark = pytest.mark.slow


@pytest.fixture
def workspace_toml() -> str:
    return ONCALL_TOML + crowd.crowd_tables(PEOPLE)


@pytest.fixture
def slow_slack(fake_slack: FakeSlack) -> FakeSlack:
    """Each post takes 15 ms at Slack, so a kill can land while one is in flight."""
    fake_slack.post_limits = PostLimits(per_second=10_000, channel_interval=0, delay=0.015)
    crowd.add_people(fake_slack, PEOPLE)
    return fake_slack


def tick_process(url: str, fake: FakeSlack, config: Path, at: str = AT) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake.url,
        "DATABASE_URL": url,
        "TANDEM_CONFIG": str(config),
        "LOG_LEVEL": "CRITICAL",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "tick", "--at", at],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def posts(fake: FakeSlack) -> int:
    return len(fake.calls_to("chat.postMessage"))


def keys_at_slack(fake: FakeSlack) -> Counter[str]:
    return Counter(
        str(m["metadata"]["event_payload"]["key"])
        for m in fake.messages()
        if isinstance(m.get("metadata"), dict)
    )


def test_kill_9_at_random_points_then_reruns_at_the_same_at_lose_and_double_nothing(
    services: Services,
    engine: Engine,
    slow_slack: FakeSlack,
    workspace_toml: str,
    tmp_path: Path,
) -> None:
    services.outbox.flush = lambda *a, **k: 0  # type: ignore[method-assign]  # the tick sends
    assert start(services)  # an escalation: its thread root, log replies and pages are queued
    config = tmp_path / "tandem.toml"
    config.write_text(workspace_toml)
    url = engine.url.render_as_string(hide_password=False)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kills = 0
    while kills < KILLS:
        before = posts(slow_slack)
        process = tick_process(url, slow_slack, config)
        kill_after = rng.randint(0, 12)  # posts into this run; 0 = during start-up
        while process.poll() is None and posts(slow_slack) - before < kill_after:
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.02))  # land anywhere in a request, or between two
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            kills += 1
        process.wait()  # reaped: the dead sender is seen as dead at once
    for _ in range(3):  # reruns until one finishes on its own
        finished = tick_process(url, slow_slack, config)
        if finished.wait(timeout=120) == 0:
            break
    assert finished.returncode == 0, f"seed {seed}"
    with unit_of_work(services.factory) as session:
        rows = list(session.scalars(select(OutboxMessage)))
    assert {r.state for r in rows} <= {"sent", "cancelled"}, f"seed {seed}"
    at_slack = keys_at_slack(slow_slack)
    expected = {r.key for r in rows if r.op == "post" and r.state == "sent"}
    assert {k for k, n in at_slack.items() if n > 1} == set(), f"seed {seed}: doubled"
    assert expected - set(at_slack) == set(), f"seed {seed}: lost"
    assert crowd.prompts_per_person(slow_slack) == {u: 1 for u in crowd.people(PEOPLE)}
    assert any(k.startswith("page:") for k in expected)  # the escalation was part of it
    # Takeovers happened: rows left in `sending` by a killed tick were looked up at Slack.
    assert slow_slack.calls_to("conversations.history"), f"seed {seed}"


def test_kill_9_through_every_step_of_an_escalation_pages_each_person_once(
    services: Services, engine: Engine, fake_slack: FakeSlack, tmp_path: Path
) -> None:
    """Levels at 0, 15 and 30 minutes and the repeat pass: each step's tick is killed at
    random points and rerun at the same `--at` until it finishes. The `--at` times lie a day
    ahead of real time, as Slack's message times do not: a look-up for a send that may have
    reached Slack must start from when it was really tried."""
    fake_slack.post_limits = PostLimits(per_second=10_000, channel_interval=0, delay=0.015)
    fake_slack.clock = time.time  # message ts in real time, as Slack's
    base = datetime.now(UTC).replace(microsecond=0) + timedelta(days=1)
    for user in ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2"):
        fake_slack.add_user(user)
    services.outbox.flush = lambda *a, **k: 0  # type: ignore[method-assign]  # the tick sends
    assert start(services, at=base)
    config = tmp_path / "tandem.toml"
    config.write_text(ONCALL_TOML)
    url = engine.url.render_as_string(hide_password=False)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    kills = 0
    for minutes in (0, 15, 30, 60, 75, 90, 120):
        at = (base + timedelta(minutes=minutes)).isoformat()
        landed = 0
        for _ in range(20):  # until four kills landed in this step, then one run to the end
            if landed == 4:
                break
            before = posts(fake_slack)
            process = tick_process(url, fake_slack, config, at)
            # Posts into this run; 0 = during start-up (half the tries, so kills surely land
            # even in a step with little to send).
            kill_after = rng.choice((0, 0, 0, 1, 2, 3))
            while process.poll() is None and posts(fake_slack) - before < kill_after:
                time.sleep(0.002)
            time.sleep(rng.uniform(0, 0.02))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                landed += 1
            process.wait()
        kills += landed
        finished = tick_process(url, fake_slack, config, at)
        assert finished.wait(timeout=120) == 0, f"seed {seed}"
    assert kills >= 20, f"seed {seed}: only {kills} kills landed"
    with unit_of_work(services.factory) as session:
        rows = list(session.scalars(select(OutboxMessage)))
    expected = {r.key for r in rows if r.op == "post" and r.state == "sent"}
    at_slack = keys_at_slack(fake_slack)
    assert {k for k, n in at_slack.items() if n > 1} == set(), f"seed {seed}: doubled"
    assert expected - set(at_slack) == set(), f"seed {seed}: lost"
    paged = Counter(k for k in at_slack if k.startswith("page:"))
    assert len(paged) >= 4 and set(paged.values()) == {1}, f"seed {seed}: {paged}"
