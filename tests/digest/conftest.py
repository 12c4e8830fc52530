"""Digest fixtures: the example workspace plus a daily digest, and a seeded week of activity."""

from __future__ import annotations

import pytest

from bot.app.container import Services
from tests.fakes.digest_sources import StaticSources
from tests.support.digest import DAILY
from tests.support.digest_week import seeded_week
from tests.support.workspace import EXAMPLE_CONFIG, toml


@pytest.fixture
def workspace_toml() -> str:
    return toml(EXAMPLE_CONFIG.read_text(), DAILY)


@pytest.fixture
def week(services: Services) -> StaticSources:
    """The digest service reads the seeded week instead of the (still empty) tables."""
    sources = seeded_week()
    services.digests.sources = sources
    return sources
