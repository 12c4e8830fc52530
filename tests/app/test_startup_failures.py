"""Operable failure: each wrong setting at start-up is one line, no traceback, non-zero exit."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from bot.app.cli import main
from bot.app.standin.slack_api import FakeSlack
from tests.support.workspace import EXAMPLE_CONFIG


@pytest.fixture
def env(engine: Engine, fake_slack: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_APP_TOKEN": "xapp-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
        "HOST": "127.0.0.1",
    }


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield int(listener.getsockname()[1])


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    """The only line on stderr (log lines below WARNING are off in these tests)."""
    lines = [line for line in capsys.readouterr().err.splitlines() if line.startswith("tandem:")]
    assert len(lines) == 1, lines
    return lines[0]


@pytest.mark.parametrize("command", ["serve", "web", "clock", "socket", "tick"])
def test_a_token_slack_refuses_stops_every_process_with_one_line_naming_invalid_auth(
    command: str,
    env: dict[str, str],
    fake_slack: FakeSlack,
    capsys: pytest.CaptureFixture[str],
) -> None:
    fake_slack.valid_tokens = {"xoxb-the-real-one"}
    assert main([command], env={**env, "LOG_LEVEL": "ERROR"}) == 1
    err = capsys.readouterr().err
    assert "invalid_auth" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert [c.method for c in fake_slack.calls] == ["auth.test"]


@pytest.mark.parametrize("command", ["serve", "web"])
def test_a_port_in_use_is_one_line_naming_the_port(
    command: str, env: dict[str, str], busy_port: int, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([command, "--port", str(busy_port)], env={**env, "LOG_LEVEL": "ERROR"}) == 2
    line = one_line(capsys)
    assert f"port {busy_port}" in line and "already in use" in line


def test_an_unreachable_database_is_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as closed:  # a port nothing listens on: connection refused at once
        closed.bind(("127.0.0.1", 0))
        free = closed.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{free}/tandem"
    assert main(["serve"], env={**env, "DATABASE_URL": url, "LOG_LEVEL": "ERROR"}) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("tandem: database unreachable (127.0.0.1)")
    assert len(err.strip().splitlines()) == 1


def test_a_database_url_tandem_does_not_support_is_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tick"], env={**env, "DATABASE_URL": "mysql://root@127.0.0.1/tandem"}) == 2
    line = one_line(capsys)
    assert "DATABASE_URL" in line and "mysql" in line


def test_a_log_level_that_does_not_exist_is_one_line(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["web"], env={**env, "LOG_LEVEL": "LOUD"}) == 2
    err = capsys.readouterr().err
    assert err.strip() == (
        "tandem: LOG_LEVEL must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL, got 'LOUD'"
    )


def test_slack_down_at_start_up_is_a_warning_not_a_stop(
    env: dict[str, str], fake_slack: FakeSlack, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.app.standin.slack_api import ServerError

    fake_slack.fail("auth.test", ServerError(503, "service_unavailable"))
    assert main(["tick", "--at", "2026-11-24T14:00Z"], env=env) == 0
    assert "auth.test failed; going on" in capsys.readouterr().err
