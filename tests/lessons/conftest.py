"""Lesson fixtures: the people in the fake Slack directory, and the production lane."""

from __future__ import annotations

import pytest

from bot.app.standin.slack_api import FakeSlack
from tests.support.production import production
from tests.support.risk import PEOPLE

__all__ = ["production"]


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
