"""`tandem export standups`: one row per answer, CSV or JSON, optionally from a date on."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from bot.app.container import Services
from bot.app.standin.slack_requests import SlackDriver
from bot.core.clock import FixedClock
from bot.core.exports import export
from tests.support.standup import NY, tick


def run(services: Services, fmt: str, since: str | None = None) -> str:
    out, err = io.StringIO(), io.StringIO()
    tz, now = services.workspace.timezone, services.clock.now()
    assert export(services.exporters, "standups", fmt, since, tz=tz, now=now, out=out, err=err) == 0
    return out.getvalue()


def test_each_answer_is_one_row(services: Services, clock: FixedClock, slack: SlackDriver) -> None:
    for day, words in ((23, ("a", "b", "none")), (24, ("c", "d", "Waiting on ops"))):
        tick(services, clock, datetime(2026, 11, day, 14, 30, tzinfo=UTC))
        for text in words:
            slack.im(NY, text)
    rows = list(csv.DictReader(io.StringIO(run(services, "csv"))))
    assert [(r["date"], r["question_number"], r["answer"]) for r in rows] == [
        ("2026-11-23", "1", "a"),
        ("2026-11-23", "2", "b"),
        ("2026-11-23", "3", "none"),
        ("2026-11-24", "1", "c"),
        ("2026-11-24", "2", "d"),
        ("2026-11-24", "3", "Waiting on ops"),
    ]
    assert rows[2]["question"] == "Anything blocking you?" and rows[2]["blocker"] == "True"
    recent = json.loads(run(services, "json", since="2026-11-24"))
    assert [r["answer"] for r in recent] == ["c", "d", "Waiting on ops"]
    assert recent[0]["user"] == NY and recent[0]["standup"] == "apollo-daily"
