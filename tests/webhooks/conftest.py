"""Webhook fixtures: a recording receiver and a tandem.toml whose webhook points at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.app.standin.slack_api import FakeSlack
from tests.support.risk import PEOPLE
from tests.support.webhooks import Receiver, receiver
from tests.support.workspace import EXAMPLE_CONFIG

SECRET = "s3cret-for-tests"


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as running:
        yield running


@pytest.fixture
def events() -> list[str]:
    return [
        "risk.raised",
        "risk.changed",
        "escalation.started",
        "escalation.acknowledged",
        "escalation.exhausted",
        "standup.submitted",
    ]


@pytest.fixture
def workspace_toml(hook: Receiver, events: list[str]) -> str:
    listed = ", ".join(f'"{e}"' for e in events)
    return EXAMPLE_CONFIG.read_text() + (
        f'\n[[webhooks]]\nurl = "{hook.url}"\nevents = [{listed}]\nsecret = "{SECRET}"\n'
    )


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
