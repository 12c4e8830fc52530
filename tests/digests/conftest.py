"""Digest fixtures: the example workspace plus a daily digest, and a seeded week of activity."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest

from bot.app import jobs
from bot.app.container import Services
from bot.core.clock import FixedClock
from tests.conftest import EXAMPLE_CONFIG, START
from tests.digests.week import WEEK_END, seeded_week
from tests.fakes.digest_sources import StaticSources
from tests.fakes.slack_api import FakeSlack

DAILY = """
[[digests]]
id = "daily"
channel = "C0DAILY"
days = ["mon", "tue", "wed", "thu", "fri"]
time = "09:00"
teams = ["apollo", "ops"]
"""


@pytest.fixture
def workspace_toml() -> str:
    return EXAMPLE_CONFIG.read_text() + DAILY


@pytest.fixture
def week(services: Services) -> StaticSources:
    """The digest service reads the seeded week instead of the (still empty) tables."""
    sources = seeded_week()
    services.digests.sources = sources
    return sources


def post_weekly(services: Services, clock: FixedClock) -> None:
    """Tick once before the week ends (Tandem first sees the digests), then at its end."""
    clock.set(START)
    jobs.tick(services, clock.now())
    clock.set(WEEK_END)
    assert jobs.tick(services, clock.now()) == []


def digest_messages(fake: FakeSlack) -> list[dict[str, Any]]:
    """Messages in the digest channel, oldest first (root, then its thread)."""
    return fake.messages("C0DIGEST")


def roots(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    """Top-level messages in `channel` (thread replies left out), oldest first."""
    return [m for m in fake.messages(channel) if m.get("thread_ts") in (None, m["ts"])]


def listed(text: str, title: str) -> list[str]:
    """The bullet lines right under `title` in a digest's text."""
    after = text.split(title + "\n", 1)[1].splitlines()
    return list(itertools.takewhile(lambda line: line.startswith("• "), after))


def refs(lines: list[str]) -> list[str]:
    """The risk refs ("R-3") of digest lines, in order."""
    return [m.group(0) for line in lines if (m := re.search(r"R-\d+", line))]
