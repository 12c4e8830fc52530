"""`standup.submitted` is sent once, when a person has answered every question."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from tests.support.standup import NY, ZONES, standup_toml, tick
from tests.support.webhooks import Receiver
from tests.webhooks.conftest import SECRET

NY_0930 = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)  # Tuesday


@pytest.fixture
def workspace_toml(hook: Receiver) -> str:
    return standup_toml() + (
        f'\n[[webhooks]]\nurl = "{hook.url}"\nevents = ["standup.submitted"]\nsecret = "{SECRET}"\n'
    )


@pytest.fixture(autouse=True)
def standup_people(fake_slack: FakeSlack) -> None:
    for user, tz in ZONES.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())


def test_standup_submitted_is_sent_once_when_every_question_is_answered(
    services: Services, clock: FixedClock, slack: SlackDriver, hook: Receiver
) -> None:
    tick(services, clock, NY_0930)
    slack.im(NY, "Finished the checklist")
    slack.im(NY, "Dry run")
    assert hook.received == []
    slack.im(NY, "none")
    slack.im(NY, "one more thing")
    [post] = hook.received
    body = json.loads(post.body)
    assert body["event"] == "standup.submitted"
    assert body["data"] == {
        "standup": "apollo-daily",
        "team": "apollo",
        "user": NY,
        "date": "2026-11-24",
        "answers": [
            {"question": "What did you finish?", "answer": "Finished the checklist"},
            {"question": "What will you do today?", "answer": "Dry run"},
            {"question": "Anything blocking you?", "answer": "none"},
        ],
        "late": False,
    }
