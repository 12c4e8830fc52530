"""The `tandem` command line as the CONTRACT describes it: one-line errors, exit codes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.app.cli import main
from bot.app.standin.slack_api import FakeSlack
from storage import clock_state
from storage.db import make_session_factory, unit_of_work
from tests.support.workspace import EXAMPLE_CONFIG


@pytest.fixture
def env(engine: Engine, fake_slack: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }


def test_the_example_config_checks_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "check", str(EXAMPLE_CONFIG)], env={}) == 0


def test_a_config_with_three_mistakes_lists_all_three_by_key_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE_CONFIG.read_text()
    text = text.replace('time = "09:30"', 'time = "9.30"')
    text = text.replace('length = "1w"', 'length = "a week"')
    text = text.replace(
        'team = "ops"                           # owning', 'team = "opps"  # owning'
    )
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    assert main(["config", "check", str(bad)], env={}) == 2
    err = capsys.readouterr().err
    assert "standups[0].time" in err
    assert "rotations[0].length" in err
    assert "rotations[0].team" in err
    assert "Traceback" not in err


def test_serving_without_tokens_names_the_missing_variables_in_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["serve"], env={}) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "SLACK_BOT_TOKEN" in err[0] and "SLACK_SIGNING_SECRET" in err[0]


def test_a_second_clock_on_the_same_database_refuses_to_start(
    env: dict[str, str], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    with unit_of_work(make_session_factory(engine)) as session:
        clock_state.acquire_lease(session, "clock-host:1", datetime.now(UTC), timedelta(minutes=5))
    assert main(["clock"], env=env) == 2
    err = capsys.readouterr().err
    assert "another Tandem clock is already running" in err and "clock-host:1" in err


def test_tick_at_runs_once_as_of_the_given_time(env: dict[str, str], engine: Engine) -> None:
    assert main(["tick", "--at", "2026-11-24T09:30:00-05:00"], env=env) == 0
    with unit_of_work(make_session_factory(engine)) as session:
        assert clock_state.last_beat(session, "last_tick") == datetime(
            2026, 11, 24, 14, 30, tzinfo=UTC
        )


@pytest.mark.parametrize("at", ["yesterday", "2026-11-24T09:30"])
def test_tick_at_rejects_a_time_it_cannot_place(
    env: dict[str, str], at: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["tick", "--at", at], env=env) == 2
    assert capsys.readouterr().err.startswith("tandem: --at")


def test_migrate_brings_a_new_database_to_the_newest_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    assert main(["migrate"], env={"DATABASE_URL": url}) == 0
    assert "current" in capsys.readouterr().out


def test_a_named_config_file_that_does_not_exist_is_a_one_line_error(
    env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    env["TANDEM_CONFIG"] = "/nowhere/tandem.toml"
    assert main(["tick"], env=env) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_a_restarted_clock_takes_over_the_lease_of_its_dead_predecessor_on_this_host(
    env: dict[str, str], engine: Engine
) -> None:
    import socket
    import subprocess
    import sys

    from bot.app import scheduler
    from bot.app.container import Services
    from bot.core.config import Settings

    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with unit_of_work(make_session_factory(engine)) as session:
        clock_state.acquire_lease(
            session,
            f"{socket.gethostname()}:{dead.pid}:old",
            datetime.now(UTC),
            timedelta(minutes=5),
        )
    services = Services.build(Settings.from_env(env), engine=engine)
    scheduler.take_lease(services, "new-holder")
    with unit_of_work(make_session_factory(engine)) as session:
        lease = clock_state.current_lease(session)
        assert lease is not None and lease.holder == "new-holder"
