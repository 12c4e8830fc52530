"""The weekly digest over 90 days of real rows: build time and SQL statements, by scale.

Each scale gets a fresh SQLite database seeded with what the features write when people use
Slack (see `benchmarks.digest_seed`): stand-up prompts, answers, reports, blockers and
absences; weekly status reports; risks with their history; escalation runs with their
acknowledgements; on-call overrides and the outbox behind them. The production
`SqlDigestSources` then builds the weekly digest over it. Its statement count must not grow
with people, risks or days: the full/baseline ratio is printed and must be 1.00.

"gather" is the sources' part (the SQL); "build" is gathering + rendering + drawing the
charts; "post" is the tick's write and send path through the outbox and a recording gateway
(one INSERT and one send per message, so its statements follow the number of messages, not of
people or risks).
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from benchmarks.digest_seed import seed
from bot.core.outbox import Outbox
from bot.core.pacing import ChannelPacer
from bot.core.slack_gateway import Posted, Upload
from bot.core.workspace.load import parse_workspace
from bot.core.workspace.model import RiskSettings, WorkspaceConfig
from bot.digest import charts
from bot.digest.model import HeatMap
from bot.digest.service import DigestService, latest_occurrence, period
from bot.digest.sources import SqlDigestSources
from storage.db import count_statements, make_engine, make_session_factory
from storage.migrate import upgrade

END = datetime(2026, 11, 27, 21, 0, tzinfo=UTC)  # Friday 16:00 in New York
TEAMS = 10
OPS_TEAMS = 2


@dataclass(frozen=True)
class Scale:
    name: str
    people: int
    risks: int
    days: int


@dataclass(frozen=True)
class Result:
    scale: Scale
    rows: int
    seed_seconds: float
    gather_seconds: float  # the SQL part of the build
    build_seconds: float
    build_statements: int
    post_seconds: float
    post_statements: int
    messages: int
    charts: int


# --- the workspace ----------------------------------------------------------------------------


def people(count: int) -> list[str]:
    return [f"U{n:05d}" for n in range(count)]


def workspace_for(count: int) -> WorkspaceConfig:
    """TEAMS teams sharing `count` people, each with a daily stand-up and a weekly status
    report; the last OPS_TEAMS are ops teams with a rotation."""
    everyone = people(count)
    lines = [
        'timezone = "America/New_York"',
        'admins = ["U00000"]',
        "[channels]",
        'digest = "C0DIGEST"',
    ]
    teams = []
    for n in range(TEAMS):
        members = everyone[n::TEAMS]
        kind = "ops" if n >= TEAMS - OPS_TEAMS else "project"
        teams.append(f"t{n:02d}")
        lines += [
            "[[teams]]",
            f'id = "t{n:02d}"',
            f'name = "Team {n:02d}"',
            f'kind = "{kind}"',
            f'channel = "C0T{n:02d}"',
            f'lead = "{members[0]}"',
            f"members = {members!r}".replace("'", '"'),
            "[[standups]]",
            f'id = "t{n:02d}-daily"',
            f'team = "t{n:02d}"',
            'time = "09:30"',
            'report_at = "11:00"',
            'questions = ["Done?", "Next?", "Blockers?"]',
            "blocker_question = 3",
            "[[status_reports]]",
            f'id = "t{n:02d}-weekly"',
            f'team = "t{n:02d}"',
            'day = "fri"',
            'time = "14:00"',
        ]
        if kind == "ops":
            lines += [
                "[[rotations]]",
                f'id = "t{n:02d}-primary"',
                f'team = "t{n:02d}"',
                f"members = {members[:4]!r}".replace("'", '"'),
                'start = "2026-08-03T10:00"',
                'length = "1w"',
            ]
    lines += [
        "[[digests]]",
        'id = "weekly"',
        'channel = "digest"',
        'day = "fri"',
        'time = "16:00"',
        'period = "7d"',
        f"teams = {teams!r}".replace("'", '"'),
        "charts = true",
    ]
    return parse_workspace("\n".join(lines))


# --- measuring ---------------------------------------------------------------------------------


class RecordingGateway:
    """Slack for the benchmark: posts and uploads are counted, never sent anywhere."""

    def __init__(self) -> None:
        self.posts = 0
        self.uploads = 0

    def post(self, channel: str, text: str, *args: Any, **kwargs: Any) -> Posted:
        self.posts += 1
        return Posted(channel, f"{1_800_000_000 + self.posts}.000100")

    def upload(self, channel: str, thread_ts: str | None, files: Sequence[Upload]) -> None:
        self.uploads += len(files)

    def team_url(self) -> str:
        return "https://bench.slack.com/"


def measure(scale: Scale) -> Result:
    """Seed a fresh SQLite database for `scale`, then build and post the weekly digest."""
    workspace = workspace_for(scale.people)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            upgrade(engine)
            began = time.perf_counter()
            rows = seed(engine, workspace, scale.risks, scale.days, END)
            seeded = time.perf_counter() - began
            return _run(engine, workspace, scale, rows, seeded)
        finally:
            engine.dispose()


def _run(
    engine: Engine, workspace: WorkspaceConfig, scale: Scale, rows: int, seeded: float
) -> Result:
    factory = make_session_factory(engine)
    gateway = RecordingGateway()
    outbox = Outbox(factory, gateway, pacer=ChannelPacer(interval=0))  # type: ignore[arg-type]
    sources = SqlDigestSources(factory=factory, workspace=lambda: workspace)
    service = DigestService(
        factory=factory,
        workspace=lambda: workspace,
        outbox=outbox,
        gateway=gateway,  # type: ignore[arg-type]
        sources=sources,
    )
    digest = workspace.digest("weekly")
    start, end = period(digest, latest_occurrence(digest, END))
    service.team_url()
    with count_statements(engine) as statements:
        began = time.perf_counter()
        data = service.gather(digest, start, end, END)
        gathered = time.perf_counter() - began
        messages = service.render(data)
        charts = service.charts(data)
        build_seconds = time.perf_counter() - began
    build_statements = len(statements)
    with count_statements(engine) as statements:
        began = time.perf_counter()
        service.tick(END)
        post_seconds = time.perf_counter() - began
    return Result(
        scale,
        rows,
        seeded,
        gathered,
        build_seconds,
        build_statements,
        post_seconds,
        len(statements),
        len(messages),
        len(charts),
    )


def warm_up() -> None:
    charts.heat_map_png(HeatMap().counts, RiskSettings())


def scales(quick: bool) -> tuple[Scale, Scale]:
    """Baseline and full; quick keeps 90 days but fewer people and risks (CI's time budget)."""
    if quick:
        return Scale("baseline", 20, 40, 90), Scale("full", 200, 400, 90)
    return Scale("baseline", 50, 100, 90), Scale("full", 500, 1000, 90)


def report(results: Sequence[Result]) -> str:
    header = (
        f"{'scale':<9} {'people':>6} {'risks':>6} {'days':>4} {'rows':>7} {'seed':>7} "
        f"{'gather':>9} {'build':>9} {'stmts':>5} {'post':>9} {'stmts':>5} {'msgs':>4} "
        f"{'charts':>6}"
    )
    lines = [
        "Weekly digest over real rows (SqlDigestSources, SQLite): build and post, SQL statements",
        header,
        "-" * len(header),
    ]
    for r in results:
        lines.append(
            f"{r.scale.name:<9} {r.scale.people:>6} {r.scale.risks:>6} {r.scale.days:>4} "
            f"{r.rows:>7} {r.seed_seconds:>6.1f}s "
            f"{r.gather_seconds * 1000:>7.1f}ms {r.build_seconds * 1000:>7.1f}ms "
            f"{r.build_statements:>5} "
            f"{r.post_seconds * 1000:>7.1f}ms {r.post_statements:>5} {r.messages:>4} "
            f"{r.charts:>6}"
        )
    base, full = results
    lines.append(
        f"build statements full/baseline = {full.build_statements}/{base.build_statements}"
        f" -> ratio {full.build_statements / base.build_statements:.2f}; "
        f"gather time ratio {full.gather_seconds / base.gather_seconds:.2f}, "
        f"build time ratio {full.build_seconds / base.build_seconds:.2f}"
    )
    return "\n".join(lines)
