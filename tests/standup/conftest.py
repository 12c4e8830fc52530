"""Stand-up fixtures: a workspace with people in three zones, extra keys a test may add, and a
recording escalator."""

from __future__ import annotations

import pytest

from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from tests.support.escalator import RecordingEscalator
from tests.support.standup import ZONES, standup_toml


@pytest.fixture
def standup_options() -> str:
    """Extra keys for the apollo-daily stand-up (override in a module or parametrize)."""
    return ""


@pytest.fixture
def team_options() -> str:
    """Extra keys for the apollo team (override in a module or parametrize)."""
    return ""


@pytest.fixture
def workspace_toml(standup_options: str, team_options: str) -> str:
    return standup_toml(team_options=team_options, standup_options=standup_options)


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in ZONES.items():
        fake_slack.add_user(user, tz=tz, name=user.lower(), real_name=f"Person {user}")
    for user in ("U0PM", "U0OPSMGR", "U0SRE1", "U0ADMIN"):
        fake_slack.add_user(user, tz="America/New_York", name=user.lower())


@pytest.fixture
def escalator(services: Services) -> RecordingEscalator:
    fake = RecordingEscalator()
    services.standups.answers.escalator = fake
    services.standups.schedule.escalator = fake
    return fake
