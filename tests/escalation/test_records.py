"""What escalations leave behind: the export, the digest read side, and concurrent ticks."""

from __future__ import annotations

import csv
import dataclasses
import io
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app.cli import main
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.core.clock import FixedClock
from storage import escalations as repo
from storage.db import unit_of_work
from storage.escalations import EscalationPage
from tests.support.oncall import SUBJECT, pages, restart, start


@pytest.fixture
def env(
    services: Services, fake_slack: FakeSlack, tmp_path: Path, workspace_toml: str
) -> dict[str, str]:
    config = tmp_path / "tandem.toml"
    config.write_text(workspace_toml)
    return {
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "secret",
        "SLACK_API_URL": fake_slack.url,
        "DATABASE_URL": services.engine.url.render_as_string(hide_password=False),
        "TANDEM_CONFIG": str(config),
    }


def test_export_has_one_row_per_run_with_policy_version_and_mtta(
    services: Services, clock: FixedClock, env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    t0 = clock.now()
    start(services)
    services.escalations.acknowledge(1, "U0DEV1", t0 + timedelta(minutes=4), key="ack")
    start(services, dataclasses.replace(SUBJECT, ref="R-9"), key="second")
    assert main(["export", "escalations", "--format", "csv"], env=env) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["subject_ref"], r["status"], r["acked_by"], r["mtta_seconds"]) for r in rows] == [
        ("R-7", "acknowledged", "U0DEV1", "240"),
        ("R-9", "triggered", "", ""),
    ]
    assert rows[0]["policy_version"] == services.workspace.policy("default").version
    assert rows[0]["started_at"] == t0.isoformat()


def test_the_digest_reads_runs_of_a_period_with_mtta_and_exhaustion(
    services: Services, clock: FixedClock
) -> None:
    t0 = clock.now()
    start(services)
    services.escalations.acknowledge(1, "U0DEV1", t0 + timedelta(minutes=10), key="ack")
    start(services, dataclasses.replace(SUBJECT, ref="R-9"), key="second")
    for quarter in range(1, 12):  # R-9 runs out after two hours
        services.escalations.tick(t0 + quarter * timedelta(minutes=15))
    start(services, dataclasses.replace(SUBJECT, ref="R-10"), key="late", at=t0 + timedelta(days=2))
    with unit_of_work(services.factory) as session:
        runs = repo.runs_started(session, t0, t0 + timedelta(days=1))
        stats = repo.period_stats(session, t0, t0 + timedelta(days=1))
    assert [(r.subject_ref, r.mtta_seconds, r.exhausted) for r in runs] == [
        ("R-7", 600, False),
        ("R-9", None, True),
    ]
    assert stats == repo.PeriodStats(
        started=2, acknowledged=1, exhausted=1, mean_mtta_seconds=600.0, max_mtta_seconds=600
    )


def test_tandem_tick_at_repeated_pages_each_level_once(
    services: Services, fake_slack: FakeSlack, clock: FixedClock, env: dict[str, str]
) -> None:
    t0 = clock.now()
    start(services)
    for at in ("2026-11-24T14:15:00Z", "2026-11-24T14:15:00Z", "2026-11-24T14:15:10Z"):
        clock.set(t0 + timedelta(minutes=15))
        assert main(["tick", "--at", at], env=env) == 0
    assert pages(fake_slack, t0) == [(0, "U0DEV1"), (15, "U0SRE2")]


def test_concurrent_ticks_in_two_processes_page_each_step_once(
    services: Services, clock: FixedClock
) -> None:
    t0 = clock.now()
    for n in range(6):
        start(services, dataclasses.replace(SUBJECT, ref=f"R-{n}"), key=f"start-{n}")
    processes = [restart(services, clock), restart(services, clock)]
    barrier = threading.Barrier(len(processes))
    errors: list[BaseException] = []

    def run(process: Services) -> None:
        try:
            barrier.wait()
            for minutes in (15, 30):
                process.escalations.tick(t0 + timedelta(minutes=minutes))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    with unit_of_work(services.factory) as session:
        per_level = session.execute(
            select(EscalationPage.level, func.count())
            .group_by(EscalationPage.level)
            .order_by(EscalationPage.level)
        ).all()
    assert [tuple(row) for row in per_level] == [(0, 6), (1, 6), (2, 6)]
