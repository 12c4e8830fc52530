"""A digest too big for one message continues in its thread, within Slack's limits, complete."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.digest.model import Blocker
from tests.fakes.digest_sources import StaticSources
from tests.support.digest import digest_messages, post_weekly
from tests.support.digest_week import WEEK_START, risk

RISKS = 400


@pytest.fixture
def busy_week(week: StaticSources) -> StaticSources:
    """The seeded week plus hundreds of new risks and blockers with long texts."""
    for n in range(100, 100 + RISKS):
        title = f"Risk number {n} " + "with a long explanation of cause and effect " * 6
        created = WEEK_START + timedelta(minutes=n)
        week.stored_risks.append(risk(n, title, 1 + n % 5, 1 + n // 5 % 5, created=created))
    for n in range(60):
        week.open_blockers.append(
            Blocker("apollo", f"U0B{n:03d}", "Blocked on " + "x" * 400, WEEK_START)
        )
    return week


def section_texts(message: dict[str, object]) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]  # type: ignore[attr-defined,index]


def test_overflow_continues_in_the_thread_within_slacks_limits_and_drops_nothing(
    services: Services, clock: FixedClock, fake_slack: FakeSlack, busy_week: StaticSources
) -> None:
    post_weekly(services, clock)
    root, *parts = digest_messages(fake_slack)
    assert len(parts) >= 3
    assert root["blocks"][-1]["elements"][0]["text"] == (
        f":thread: Continued in the thread: {len(parts)} more parts."
    )
    for number, part in enumerate(parts, start=2):
        assert part["thread_ts"] == root["ts"]
        assert part["blocks"][0]["elements"][0]["text"] == (
            f"Digest Fri 20 Nov 16:00 – Fri 27 Nov 16:00 · part {number} of {len(parts) + 1}"
        )
    for message in [root, *parts]:
        assert len(message["blocks"]) <= 50
        assert all(len(text) <= 3000 for text in section_texts(message))
        assert len(message["text"]) < 40_000
    everything = "\n".join(str(m["text"]) for m in [root, *parts])
    new = everything.split("*New since the last digest")[1].split("\n*")[0]
    assert sorted(set(re.findall(r"R-\d+", new)), key=lambda r: int(r[2:])) == [
        "R-2",
        *(f"R-{n}" for n in range(100, 100 + RISKS)),
    ]
    assert len(re.findall(r"<@U0B\d{3}>: Blocked on", everything)) == 60
    assert (
        "Blocked on " + "x" * 288 + "… · open" in everything
    )  # long free text is shortened visibly


def test_a_preview_too_long_for_five_responses_says_what_is_left_out(
    slack: SlackDriver, fake_slack: FakeSlack, clock: FixedClock, busy_week: StaticSources
) -> None:
    clock.set(clock.now() + timedelta(days=3))
    slack.command("/digest", "preview weekly", user_id="U0DEV1")
    responses = fake_slack.responses
    assert len(responses) == 5
    assert all(r["response_type"] == "ephemeral" for r in responses)
    assert re.fullmatch(
        r"…and \d+ more parts, which the posted digest has in its thread\.",
        responses[-1]["text"],
    )
    assert fake_slack.calls_to("chat.postMessage") == []
