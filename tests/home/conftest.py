"""App Home fixtures: the people of the example workspace in the fake Slack directory."""

from __future__ import annotations

import pytest

from bot.app.standin.slack_api import FakeSlack
from tests.support.production import production
from tests.support.risk import PEOPLE


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
    fake_slack.add_user("U0SRE2", tz="Europe/Berlin", name="u0sre2")


__all__ = ["production"]
