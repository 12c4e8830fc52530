"""Shared fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), a
frozen clock, a fake Slack Web API on port 0, and the real Bolt app wired to both."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from bot.app.container import Services
from bot.app.slack_app import build_app
from bot.app.standin.executor import InlineExecutor
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SIGNING_SECRET, SlackDriver
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.pacing import ChannelPacer
from bot.core.workspace.load import parse_workspace
from bot.core.workspace.model import WorkspaceConfig
from storage.db import make_engine
from storage.migrate import upgrade
from storage.schema import Base
from tests.support.clock import START
from tests.support.workspace import EXAMPLE_CONFIG


@pytest.fixture(scope="session")
def _migrated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Engine | Path]]:
    """Migrate once per run: a template SQLite file, or the PostgreSQL test database."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        upgrade(engine)
        yield "postgresql", engine
        engine.dispose()
    else:
        template = tmp_path_factory.mktemp("db") / "template.db"
        engine = make_engine(f"sqlite:///{template}")
        upgrade(engine)
        engine.dispose()
        yield "sqlite", template


@pytest.fixture
def engine(_migrated: tuple[str, Engine | Path], tmp_path: Path) -> Iterator[Engine]:
    kind, handle = _migrated
    if kind == "sqlite":
        assert isinstance(handle, Path)
        path = tmp_path / "tandem.db"
        shutil.copy(handle, path)
        sqlite_engine = make_engine(f"sqlite:///{path}")
        yield sqlite_engine
        sqlite_engine.dispose()
        return
    assert isinstance(handle, Engine)
    yield handle
    tables = ", ".join(t.name for t in Base.metadata.sorted_tables)
    with handle.begin() as conn:
        conn.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def fake_slack(clock: FixedClock) -> Iterator[FakeSlack]:
    """Message ts follow the frozen clock, as Slack's follow the real one."""
    with FakeSlack(clock=lambda: clock.now().timestamp(), strict_json=True) as fake:
        yield fake


@pytest.fixture
def workspace_toml() -> str:
    """Override in a test module to run against another tandem.toml."""
    return EXAMPLE_CONFIG.read_text()


@pytest.fixture
def workspace(workspace_toml: str) -> WorkspaceConfig:
    return parse_workspace(workspace_toml)


@pytest.fixture
def sleeps() -> list[float]:
    """Every pause the outbox pacer asked for (nothing really sleeps in tests)."""
    return []


@pytest.fixture
def slack_timeout() -> float:
    """Seconds a Web API call may take. A test that scripts a Timeout lowers it (parametrize),
    so it waits a tenth of a second, while every other call keeps a margin on a busy machine."""
    return 1.0


@pytest.fixture
def settings(fake_slack: FakeSlack, slack_timeout: float) -> Settings:
    return Settings(
        bot_token="xoxb-test",
        signing_secret=SIGNING_SECRET,
        api_url=fake_slack.url,
        database_url="sqlite://",
        slack_timeout=slack_timeout,
    )


@pytest.fixture
def services(
    settings: Settings,
    clock: FixedClock,
    workspace: WorkspaceConfig,
    engine: Engine,
    sleeps: list[float],
) -> Services:
    pacer = ChannelPacer(monotonic=lambda: clock.now().timestamp(), sleep=sleeps.append)
    return Services.build(settings, clock=clock, workspace=workspace, engine=engine, pacer=pacer)


@pytest.fixture
def app(services: Services) -> Any:
    return build_app(services, process_before_response=True, listener_executor=InlineExecutor())


@pytest.fixture
def slack(app: Any, fake_slack: FakeSlack) -> SlackDriver:
    return SlackDriver(app, fake_slack)
