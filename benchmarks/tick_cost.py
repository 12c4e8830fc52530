"""The cost of a tick with nothing due, for 1,000 and 10,000 configured stand-up participants.

Both runs use the same workspace shape; the first tick (which walks `users.list` and records
first sightings) is a warm-up, the next ones are measured. SQL statements must not grow with
participants: a tick that asks the database per person is what this catches.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import jobs
from bot.app.container import Services
from bot.app.standin.slack_api import FakeSlack
from bot.core.clock import FixedClock
from bot.core.config import Settings
from bot.core.workspace.load import parse_workspace
from storage.db import count_statements, make_engine
from storage.migrate import upgrade
from tests.support import fanout as crowd

# Monday 23 November 2026 06:00 UTC: hours before the 14:00 stand-up, nothing is due.
QUIET = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Result:
    participants: int
    statements: int
    seconds: float
    slack_calls: int


def measure(participants: int, rounds: int = 3) -> Result:
    with tempfile.TemporaryDirectory() as tmp, FakeSlack() as fake:
        crowd.add_people(fake, participants)
        engine = make_engine(f"sqlite:///{Path(tmp) / 'tandem.db'}")
        upgrade(engine)
        clock = FixedClock(QUIET)
        settings = Settings(bot_token="xoxb-bench", signing_secret="bench", api_url=fake.url)
        workspace = parse_workspace(crowd.workspace_toml(participants))
        services = Services.build(settings, clock=clock, workspace=workspace, engine=engine)
        try:
            jobs.tick(services, clock.now())  # warm-up: the users.list walk, first sightings
            counts, times = [], []
            fake.clear()
            for _ in range(rounds):
                now = clock.advance(timedelta(minutes=1))
                with count_statements(engine) as statements:
                    started = time.perf_counter()
                    jobs.tick(services, now)
                    times.append(time.perf_counter() - started)
                counts.append(len(statements))
            if len(set(counts)) != 1:
                raise AssertionError(f"statements differ between quiet ticks: {counts}")
            return Result(participants, counts[0], sorted(times)[len(times) // 2], len(fake.calls))
        finally:
            services.close()


def scales(quick: bool) -> tuple[int, int]:
    return (100, 1000) if quick else (1000, 10_000)


def report(small: Result, large: Result) -> str:
    ratio = large.seconds / small.seconds if small.seconds else float("inf")
    lines = [
        "Tick cost with nothing due (median of 3 ticks after a warm-up)",
        f"{'participants':>12} {'SQL statements':>14} {'seconds':>8} {'Slack calls':>11}",
    ]
    for r in (small, large):
        lines.append(
            f"{r.participants:>12} {r.statements:>14} {r.seconds:>8.3f} {r.slack_calls:>11}"
        )
    lines.append(
        f"statements ×{large.statements / max(small.statements, 1):.2f}, time ×{ratio:.2f} "
        f"for ×{large.participants / small.participants:.0f} participants"
    )
    return "\n".join(lines)
