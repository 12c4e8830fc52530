"""Retro fixtures: the example workspace (with its fortnightly retro) and its people."""

from __future__ import annotations

import pytest

from bot.app.standin.slack_api import FakeSlack
from tests.support.production import production
from tests.support.risk import PEOPLE
from tests.support.workspace import EXAMPLE_CONFIG

__all__ = ["production"]


@pytest.fixture
def workspace_toml() -> str:
    """The example file: it has the fortnightly `apollo-retro`."""
    text = EXAMPLE_CONFIG.read_text()
    assert 'id = "apollo-retro"' in text
    return text


@pytest.fixture(autouse=True)
def people(fake_slack: FakeSlack) -> None:
    for user, tz in PEOPLE.items():
        fake_slack.add_user(user, tz=tz, name=user.lower())
