"""Goal fixtures: the example workspace's people in the fake Slack directory, and the
production lane."""

from __future__ import annotations

import pytest

from bot.app.standin.slack_api import FakeSlack
from tests.support.production import production

__all__ = ["production"]

PEOPLE = ("U0PM", "U0DEV1", "U0DEV2", "U0OPSMGR", "U0SRE1", "U0SRE2", "U0ADMIN", "U0OUTSIDER")


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user in PEOPLE:
        fake_slack.add_user(user, name=user.lower())
