"""Digest test helpers: the daily digest fragment, posting the weekly one, reading digest text."""

from __future__ import annotations

import itertools
import re
from typing import Any

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.core.clock import FixedClock
from tests.support.clock import START
from tests.support.digest_week import WEEK_END
from tests.support.workspace import WEEKDAYS, digest

DAILY = digest(
    "daily", channel="C0DAILY", days=WEEKDAYS, time="09:00", teams=["apollo", "ops"], charts=False
)


def post_weekly(services: Services, clock: FixedClock) -> None:
    """Tick once before the week ends (Tandem first sees the digests), then at its end."""
    clock.set(START)
    jobs.tick(services, clock.now())
    clock.set(WEEK_END)
    assert jobs.tick(services, clock.now()) == []


def digest_messages(fake: FakeSlack) -> list[dict[str, Any]]:
    """Messages in the digest channel, oldest first (root, then its thread)."""
    return fake.messages("C0DIGEST")


def listed(text: str, title: str) -> list[str]:
    """The bullet lines right under `title` in a digest's text."""
    after = text.split(title + "\n", 1)[1].splitlines()
    return list(itertools.takewhile(lambda line: line.startswith("• "), after))


def refs(lines: list[str]) -> list[str]:
    """The risk refs ("R-3") of digest lines, in order."""
    return [m.group(0) for line in lines if (m := re.search(r"R-\d+", line))]
