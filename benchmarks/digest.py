"""The weekly digest over 90 days of data: build time and SQL statement count, by scale.

Two kinds of sources are measured:

* `sql`: the production `SqlDigestSources` over a database seeded through the tables that
  exist (people, past digest runs, 90 days of outbox traffic). Its statement count must not
  grow with people, risks or replies: the ratio full/baseline is printed and should be 1.00.
* `memory`: `StaticSources` holding a generated 90 days for the same scale, which times
  rendering and charts with a realistic amount of content (no SQL by construction).

For each, "build" is gathering + rendering + drawing the charts; "post" is the tick's write and
send path through the outbox and a recording gateway (one INSERT and one send per message, so
its statements follow the number of messages, not of people or risks).
"""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, insert

from bot import charts
from bot.digest_model import (
    Away,
    Blocker,
    EscalationLine,
    HeatMap,
    OnCallLine,
    Participation,
    RiskLine,
    SlackRef,
    TeamStatus,
)
from bot.digest_sources import SqlDigestSources
from bot.digest_static import StaticSources, StoredRisk
from bot.digests import DigestService, latest_occurrence, period
from bot.outbox import ChannelPacer, Outbox
from bot.slack_gateway import Posted, Upload
from bot.workspace import RiskSettings, WorkspaceConfig, parse_workspace
from storage.db import make_engine, make_session_factory, unit_of_work
from storage.digests import DigestRun
from storage.migrate import upgrade
from storage.models import OutboxMessage, SlackUser

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
    sources: str
    build_seconds: float
    build_statements: int
    post_seconds: float
    post_statements: int
    messages: int
    charts: int


# --- the workspace and generated activity -----------------------------------------------------


def people(count: int) -> list[str]:
    return [f"U{n:05d}" for n in range(count)]


def workspace_for(count: int) -> WorkspaceConfig:
    """TEAMS teams sharing `count` people; the last OPS_TEAMS are ops teams with a rotation."""
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


def generate(workspace: WorkspaceConfig, scale: Scale, seed: int = 7) -> StaticSources:
    """`scale.days` of stand-ups, reports, risks, pages and absences ending at END."""
    rng = random.Random(seed)
    start = END - timedelta(days=scale.days)
    sources = StaticSources()
    for team in workspace.teams:
        size = len(team.members)
        for back in range(scale.days):
            day = (END - timedelta(days=back)).date()
            due = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=16)
            if day.weekday() < 5 and due < END:
                away = rng.randint(0, max(size // 10, 1))
                answered = rng.randint(max(size - away - 3, 0), size - away)
                sources.days.append(Participation(team.id, day, due, size, answered, away))
            if day.weekday() == 4:
                sources.statuses.append(
                    TeamStatus(
                        team.id,
                        team.kind,
                        due,
                        rag=rng.choice(["green", "amber", "red"]),
                        progress=rng.randint(0, 100),
                        milestone=f"Milestone {back}",
                        milestone_date=day + timedelta(days=14),
                        kpis=(("Uptime", f"{rng.uniform(99, 100):.2f}%"), ("MTTR", "40m")),
                        incidents=tuple(f"INC-{back}-{i} resolved" for i in range(2)),
                        report=SlackRef(team.channel, f"{due.timestamp():.6f}"),
                    )
                )
        for member in team.members[:: max(size // 3, 1)]:
            since = END - timedelta(days=rng.randint(1, 20))
            sources.open_blockers.append(Blocker(team.id, member, f"Waiting on {member}", since))
        for member in team.members[::7]:
            first = (END - timedelta(days=rng.randint(0, scale.days))).date()
            sources.absences.append(Away(member, team.id, first, first + timedelta(days=4)))
    for rotation in workspace.rotations:
        members = rotation.members
        sources.rotations.append(
            OnCallLine(rotation.id, rotation.team, members[0], END + timedelta(days=3), members[1])
        )
    everyone = people(scale.people)
    team_ids = [team.id for team in workspace.teams]
    for n in range(1, scale.risks + 1):
        p, i = rng.randint(1, 5), rng.randint(1, 5)
        created = start + timedelta(minutes=rng.randint(0, scale.days * 24 * 60))
        closed = created + timedelta(days=rng.randint(1, 60)) if rng.random() < 0.3 else None
        changed = created + timedelta(days=rng.randint(0, 30)) if rng.random() < 0.4 else None
        score = p * i
        line = RiskLine(
            ref=f"R-{n}",
            title=f"Risk {n}: because of a cause, an event may occur, leading to an effect",
            score=score,
            rating=workspace.risks.rating(score),
            status="open",
            probability=p,
            impact=i,
            owner=rng.choice(everyone),
            team=rng.choice(team_ids),
            due=(END + timedelta(days=rng.randint(-10, 60))).date(),
            next_review_at=END + timedelta(days=rng.randint(-20, 30)),
            thread=SlackRef("C0RISKS", f"{created.timestamp():.6f}"),
            previous_score=max(score - 2, 1),
        )
        sources.stored_risks.append(StoredRisk(line, created, closed, changed))
    for n in range(scale.days * 3):
        started = start + timedelta(hours=8 * n + rng.randint(0, 7))
        acked = rng.random() < 0.9
        sources.pages.append(
            EscalationLine(
                f"R-{rng.randint(1, scale.risks)}",
                "A page",
                started,
                rng.choice(team_ids),
                rng.choice(everyone) if acked else None,
                started + timedelta(minutes=rng.randint(1, 40)) if acked else None,
                exhausted=not acked,
            )
        )
    return sources


# --- the database ------------------------------------------------------------------------------


def seed_database(engine: Engine, scale: Scale) -> None:
    """People, 90 days of weekly digest runs, and the outbox traffic of those days."""
    start = END - timedelta(days=scale.days)
    with unit_of_work(make_session_factory(engine)) as session:
        session.execute(
            insert(SlackUser),
            [
                {"id": u, "name": u, "tz": "America/New_York", "fetched_at": start}
                for u in people(scale.people)
            ],
        )
        session.execute(
            insert(DigestRun),
            [
                {
                    "key": f"weekly:{(END - timedelta(weeks=w)).isoformat()}",
                    "digest_id": "weekly",
                    "kind": "scheduled",
                    "state": "posted",
                    "period_start": END - timedelta(weeks=w + 1),
                    "period_end": END - timedelta(weeks=w),
                    "created_at": END - timedelta(weeks=w),
                }
                for w in range(1, scale.days // 7 + 1)
            ],
        )
        rows = []
        for back in range(scale.days):
            day = END - timedelta(days=back)
            for user in people(scale.people):
                rows.append(
                    {
                        "key": f"standup:{user}:{day.date()}",
                        "op": "post",
                        "channel": user,
                        "text": "What did you finish since last time?",
                        "state": "sent",
                        "attempts": 1,
                        "next_attempt_at": day,
                        "created_at": day,
                        "sent_at": day,
                        "sent_channel": "D" + user[1:],
                        "sent_ts": f"{day.timestamp():.6f}",
                    }
                )
        session.execute(insert(OutboxMessage), rows)


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


@contextmanager
def counting(engine: Engine) -> Iterator[list[str]]:
    """Every SQL statement sent to the database while inside, in order."""
    statements: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


# --- measuring ---------------------------------------------------------------------------------


def measure(scale: Scale, sources_kind: str) -> Result:
    """Seed a fresh SQLite database for `scale`, then build and post the weekly digest."""
    workspace = workspace_for(scale.people)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        try:
            upgrade(engine)
            seed_database(engine, scale)
            return _run(engine, workspace, scale, sources_kind)
        finally:
            engine.dispose()


def _run(engine: Engine, workspace: WorkspaceConfig, scale: Scale, kind: str) -> Result:
    factory = make_session_factory(engine)
    gateway = RecordingGateway()
    outbox = Outbox(factory, gateway, pacer=ChannelPacer(interval=0))  # type: ignore[arg-type]
    sources = SqlDigestSources(factory, workspace) if kind == "sql" else generate(workspace, scale)
    service = DigestService(factory, workspace, outbox, gateway, sources)  # type: ignore[arg-type]
    digest = workspace.digest("weekly")
    end = latest_occurrence(digest, END)
    start, end = period(digest, end)
    service.team_url()
    with counting(engine) as statements:
        began = time.perf_counter()
        data = service.gather(digest, start, end, END)
        messages = service.render(data)
        charts = service.charts(data)
        build_seconds = time.perf_counter() - began
    build_statements = len(statements)
    with counting(engine) as statements:
        began = time.perf_counter()
        service.tick(END)
        post_seconds = time.perf_counter() - began
    return Result(
        scale,
        kind,
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
    if quick:
        return Scale("baseline", 20, 40, 30), Scale("full", 100, 200, 30)
    return Scale("baseline", 50, 100, 90), Scale("full", 500, 1000, 90)


def report(results: Sequence[Result]) -> str:
    header = (
        f"{'scale':<9} {'people':>6} {'risks':>6} {'days':>4} {'sources':<7} "
        f"{'build':>9} {'stmts':>5} {'post':>9} {'stmts':>5} {'msgs':>4} {'charts':>6}"
    )
    lines = ["Weekly digest: build and post time, SQL statements", header, "-" * len(header)]
    for r in results:
        lines.append(
            f"{r.scale.name:<9} {r.scale.people:>6} {r.scale.risks:>6} {r.scale.days:>4} "
            f"{r.sources:<7} {r.build_seconds * 1000:>7.1f}ms {r.build_statements:>5} "
            f"{r.post_seconds * 1000:>7.1f}ms {r.post_statements:>5} {r.messages:>4} "
            f"{r.charts:>6}"
        )
    for kind in ("sql", "memory"):
        base, full = (r for r in results if r.sources == kind)
        ratio = (full.build_statements or 1) / (base.build_statements or 1)
        lines.append(
            f"{kind}: build statements full/baseline = {full.build_statements}/"
            f"{base.build_statements} -> ratio {ratio:.2f}; "
            f"build time ratio {full.build_seconds / base.build_seconds:.2f}"
        )
    return "\n".join(lines)
