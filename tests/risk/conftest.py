"""Risk fixtures: the people in the fake Slack directory and a recording escalator."""

from __future__ import annotations

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from tests.support.escalator import RecordingEscalator
from tests.support.risk import PEOPLE


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
    fake_slack.add_user("U0GONE", deleted=True)


@pytest.fixture
def escalator(services: Services) -> RecordingEscalator:
    fake = RecordingEscalator()
    services.risks.escalator = fake
    return fake
