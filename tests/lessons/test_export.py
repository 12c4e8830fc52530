"""`tandem export lessons --format csv|json [--since]`."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import Engine

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.app.standin.slack_requests import SlackDriver
from tests.support.workspace import EXAMPLE_CONFIG


@pytest.fixture
def env(engine: Engine, fake_slack: FakeSlack) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(EXAMPLE_CONFIG),
    }


def test_export_lessons_as_csv_with_since_and_as_json(
    slack: SlackDriver,
    services: Services,
    env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
) -> None:
    slack.command("/risk", "add Vendor late", user_id="U0DEV1")
    slack.command("/lesson", "add Ask vendors early, risk:R-1", user_id="U0DEV1")
    services.clock.advance(timedelta(days=2))
    slack.command("/lesson", "add Runbooks, short ones team:ops", user_id="U0SRE1")
    capsys.readouterr()

    assert main(["export", "lessons", "--format", "csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["team"], r["risk"], r["source"]) for r in rows] == [
        ("L-1", "apollo", "R-1", "manual"),
        ("L-2", "ops", "", "manual"),
    ]
    assert rows[0]["text"] == "Ask vendors early," and rows[1]["author"] == "U0SRE1"

    assert main(["export", "lessons", "--format", "json", "--since", "2026-11-25"], env=env) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["id"] == "L-2" and row["created_at"] == "2026-11-26T14:00:00+00:00"
