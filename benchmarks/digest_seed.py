"""Real rows for the digest benchmark: `days` of activity for a workspace, bulk-inserted.

The rows are what the features write when people use Slack (stand-up prompts, answers,
reports, blockers and absences; weekly status reports; risks with their history; escalation
runs with their acknowledgements; on-call overrides; the outbox messages that carry them), but
they go straight into the tables, one bulk INSERT (executemany) per table, which takes seconds
where driving Slack would take hours. Everything is drawn from a seeded `random.Random`, so a scale
always gets the same data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, insert

from bot.core.workspace.model import Standup, WorkspaceConfig
from bot.risk.service import root_key
from bot.standup.rules import is_standup_day, local_instant
from storage.db import make_session_factory, unit_of_work
from storage.digests import DigestRun
from storage.escalations import EscalationRun
from storage.models import OutboxMessage, SlackUser
from storage.oncall import OncallOverride
from storage.risks import Risk, RiskEvent
from storage.standups import models as standups

ANSWERED = 0.85  # of the people asked, this many answer
AWAY_EVERY = 7  # one person in seven takes five days off
BLOCKED_EVERY = 4  # one person in four reports a blocker
PAGES_PER_DAY = 3
RESCORED_PER_DAY = 50  # one risk in this many is re-scored each day
QUESTIONS = ["What did you finish since last time?", "What will you do today?", "Blockers?"]
# A representative answer: long enough to weigh what real ones weigh in the tables.
ANSWER = "Finished the review of the payment flow and paired on the release checklist."


@dataclass
class Rows:
    """Rows per model, in insert order (referenced tables first)."""

    tables: dict[type[Any], list[dict[str, Any]]] = field(default_factory=dict)

    def add(self, model: type[Any], row: dict[str, Any]) -> None:
        self.tables.setdefault(model, []).append(row)

    def count(self) -> int:
        return sum(map(len, self.tables.values()))


def seed(engine: Engine, workspace: WorkspaceConfig, risks: int, days: int, end: datetime) -> int:
    """Insert `days` of activity of the workspace's people ending at `end`, and `risks` risks;
    returns the number of rows inserted."""
    rng = random.Random(7)
    rows = Rows()
    teams = [team.id for team in workspace.teams]
    everyone = sorted({user for team in workspace.teams for user in team.members})
    _people(rows, everyone, end - timedelta(days=days))
    _digest_runs(rows, days, end)
    _standups(rows, workspace, everyone, days, end, rng)
    _status_reports(rows, workspace, days, end, rng)
    _risks(rows, teams, everyone, risks, days, end, rng)
    _escalations(rows, teams, everyone, risks, days, end, rng)
    _overrides(rows, workspace, end)
    with unit_of_work(make_session_factory(engine)) as session:
        for model, table in rows.tables.items():
            session.execute(insert(model), table)
    return rows.count()


def _sent(key: str, channel: str, at: datetime, text: str) -> dict[str, Any]:
    """An outbox row as it stands once Slack took the message."""
    return {
        "key": key,
        "op": "post",
        "channel": channel,
        "text": text,
        "state": "sent",
        "attempts": 1,
        "next_attempt_at": at,
        "created_at": at,
        "sent_at": at,
        "sent_channel": "D" + channel[1:] if channel.startswith("U") else channel,
        "sent_ts": f"{at.timestamp():.6f}",
    }


def _people(rows: Rows, everyone: list[str], start: datetime) -> None:
    for user in everyone:
        rows.add(
            SlackUser, {"id": user, "name": user, "tz": "America/New_York", "fetched_at": start}
        )


def _digest_runs(rows: Rows, days: int, end: datetime) -> None:
    """The weekly digests already posted, so the tick posts this week's."""
    for week in range(1, days // 7 + 1):
        rows.add(
            DigestRun,
            {
                "key": f"weekly:{(end - timedelta(weeks=week)).isoformat()}",
                "digest_id": "weekly",
                "kind": "scheduled",
                "state": "posted",
                "period_start": end - timedelta(weeks=week + 1),
                "period_end": end - timedelta(weeks=week),
                "created_at": end - timedelta(weeks=week),
            },
        )


def _local_days(days: int, end: datetime, zone: ZoneInfo) -> Iterator[date]:
    last = end.astimezone(zone).date()
    return (last - timedelta(days=back) for back in range(days))


def _standups(
    rows: Rows,
    workspace: WorkspaceConfig,
    everyone: list[str],
    days: int,
    end: datetime,
    rng: random.Random,
) -> None:
    first = (end - timedelta(days=days)).date()
    away: dict[str, tuple[date, date]] = {}
    for n, user in enumerate(everyone[::AWAY_EVERY]):
        start = first + timedelta(days=rng.randint(0, days))
        away[user] = (start, start + timedelta(days=4))
        rows.add(
            standups.StandupAway,
            {
                "key": f"bench:away:{n}",
                "user_id": user,
                "start_date": start,
                "end_date": start + timedelta(days=4),
                "created_at": datetime.combine(start, datetime.min.time(), UTC),
            },
        )
    prompt_id = 0
    for standup in workspace.standups:
        team = workspace.team(standup.team)
        for day in _local_days(days, end, team.timezone):
            report_at = local_instant(day, standup.report_at, team.timezone)
            if not is_standup_day(standup, team, day) or report_at >= end:
                continue
            for user in standup.participants:
                prompt_id += 1
                is_away = user in away and away[user][0] <= day <= away[user][1]
                _prompt(rows, standup, prompt_id, user, day, is_away, rng, team.timezone)
            key = standups.report_key(standup.id, day)
            rows.add(
                standups.StandupReport,
                {
                    "standup_id": standup.id,
                    "team_id": team.id,
                    "report_date": day,
                    "channel": team.channel,
                    "outbox_key": key,
                    "posted": True,
                    "posted_at": report_at,
                },
            )
            rows.add(OutboxMessage, _sent(key, team.channel, report_at, "Stand-up report"))
        _blockers(rows, standup, days, end, rng)


def _prompt(
    rows: Rows,
    standup: Standup,
    prompt_id: int,
    user: str,
    day: date,
    is_away: bool,
    rng: random.Random,
    zone: ZoneInfo,
) -> None:
    due = local_instant(day, standup.time, zone)
    answered = not is_away and rng.random() < ANSWERED
    done = due + timedelta(minutes=rng.randint(1, 90)) if answered else None
    prompt = {
        "id": prompt_id,
        "standup_id": standup.id,
        "team_id": standup.team,
        "user_id": user,
        "local_date": day,
        "tz": str(zone),
        "status": standups.AWAY if is_away else standups.ASKED,
        "questions": QUESTIONS,
        "blocker_index": 2,
        "next_question": 3 if answered else 0,
        "due_at": due,
        "sent_at": due,
        "completed_at": done,
    }
    rows.add(standups.StandupPrompt, prompt)
    if is_away:
        return
    key = standups.StandupPrompt(standup_id=standup.id, user_id=user, local_date=day).outbox_key
    rows.add(OutboxMessage, _sent(key, user, due, QUESTIONS[0]))
    if done is None:
        return
    for question in range(len(QUESTIONS)):
        rows.add(
            standups.StandupAnswer,
            {
                "prompt_id": prompt_id,
                "question": question,
                "text": "none" if question == 2 else ANSWER,
                "message_ts": f"{done.timestamp():.6f}{question}",
                "created_at": done,
                "updated_at": done,
            },
        )


def _blockers(rows: Rows, standup: Standup, days: int, end: datetime, rng: random.Random) -> None:
    """Blockers of one in BLOCKED_EVERY participants: most resolved within days, some open."""
    for user in standup.participants[::BLOCKED_EVERY]:
        opened = end - timedelta(days=rng.randint(1, days), hours=rng.randint(0, 8))
        lasted = timedelta(days=rng.randint(1, 6))
        resolved = opened + lasted if rng.random() < 0.7 and opened + lasted < end else None
        rows.add(
            standups.StandupBlocker,
            {
                "standup_id": standup.id,
                "team_id": standup.team,
                "user_id": user,
                "text": f"Waiting on access for {user}",
                "first_date": opened.date(),
                "last_date": (resolved or end).date(),
                "opened_at": opened,
                "resolved_at": resolved,
            },
        )


def _status_reports(
    rows: Rows, workspace: WorkspaceConfig, days: int, end: datetime, rng: random.Random
) -> None:
    for report in workspace.status_reports:
        team = workspace.team(report.team)
        for day in _local_days(days, end, team.timezone):
            asked = local_instant(day, report.time, team.timezone)
            if day.weekday() != report.day or asked >= end:
                continue
            submitted = asked + timedelta(minutes=rng.randint(5, 100))
            ops = team.kind == "ops"
            rows.add(
                standups.StatusReportEntry,
                {
                    "report_id": report.id,
                    "team_id": team.id,
                    "kind": team.kind,
                    "week_date": day,
                    "lead": team.lead,
                    "prompted_at": asked,
                    "revision": 1,
                    "submitted_by": team.lead,
                    "submitted_at": submitted,
                    "updated_at": submitted,
                    "rag": None if ops else rng.choice(["green", "amber", "red"]),
                    "progress": None if ops else rng.randint(0, 100),
                    "milestone": None if ops else f"Milestone of {day.isoformat()}",
                    "milestone_date": None if ops else day + timedelta(days=14),
                    "risks": None if ops else "Vendor dates slip",
                    "kpis": {"Uptime": f"{rng.uniform(99, 100):.2f}%", "MTTR": "40m"}
                    if ops
                    else None,
                    "incidents": "INC-1 failover (resolved)\nINC-2 cache (resolved)"
                    if ops
                    else None,
                    "sla": rng.choice(["met", "at_risk", "breached"]) if ops else None,
                },
            )


def _risks(
    rows: Rows,
    teams: list[str],
    everyone: list[str],
    count: int,
    days: int,
    end: datetime,
    rng: random.Random,
) -> None:
    """Risks raised over the period, then every day a few re-scored and one in three of those
    days one closed, each change in the history (so every week has new, changed and closed)."""
    first = end - timedelta(days=days)
    risks: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for number in range(1, count + 1):
        created = first + timedelta(minutes=rng.randint(0, days * 24 * 60))
        p, i = rng.randint(1, 5), rng.randint(1, 5)
        owner = rng.choice(everyone)
        title = f"Risk {number}: because of a cause, an event may occur, leading to an effect"
        risks.append(
            {
                "id": number,
                "title": title,
                "kind": "threat",
                "category": "technical",
                "team": rng.choice(teams),
                "owner": owner,
                "raised_by": owner,
                "probability": p,
                "impact": i,
                "score": p * i,
                "rating": _rating(p * i),
                "due_at": end + timedelta(days=rng.randint(-10, 60)),
                "status": "open",
                "next_review_at": created + timedelta(days=14),
                "channel": "C0RISKS",
                "thread_ts": f"{created.timestamp():.6f}",
                "created_at": created,
                "updated_at": created,
            }
        )
        events.append(_event(number, owner, created, "created", {}, {"score": p * i}))
        rows.add(OutboxMessage, _sent(root_key(number), "C0RISKS", created, title))
    per_day = max(count // RESCORED_PER_DAY, 1)
    for day in range(days):
        at = first + timedelta(days=day, hours=rng.randint(9, 17))
        live = [r for r in risks if r["created_at"] < at and r["status"] == "open"]
        for risk in rng.sample(live, min(per_day, len(live))):
            p = rng.randint(1, 5)
            score = p * risk["impact"]
            before = {k: risk[k] for k in ("probability", "score", "rating")}
            risk.update(probability=p, score=score, rating=_rating(score), updated_at=at)
            after = {k: risk[k] for k in ("probability", "score", "rating")}
            events.append(_event(risk["id"], risk["owner"], at, "updated", before, after))
        if live and day % 3 == 0:
            risk = rng.choice(live)
            risk.update(status="closed", closed_at=at, close_reason="mitigated", updated_at=at)
            change = ({"status": "open"}, {"status": "closed"})
            events.append(_event(risk["id"], risk["owner"], at, "closed", *change))
    for risk in risks:
        rows.add(Risk, risk)
    for event in events:  # after every risk: the history references them
        rows.add(RiskEvent, event)


def _rating(score: int) -> str:
    """The default bands of tandem.toml."""
    return next(
        (band for band, top in (("low", 4), ("medium", 9), ("high", 15)) if score <= top),
        "critical",
    )


def _event(
    number: int, actor: str, at: datetime, kind: str, before: dict[str, Any], after: dict[str, Any]
) -> dict[str, Any]:
    return {
        "risk_id": number,
        "actor": actor,
        "at": at,
        "type": kind,
        "before": before,
        "after": after,
    }


def _escalations(
    rows: Rows,
    teams: list[str],
    everyone: list[str],
    risks: int,
    days: int,
    end: datetime,
    rng: random.Random,
) -> None:
    """PAGES_PER_DAY finished runs a day: most acknowledged within 40 minutes."""
    start = end - timedelta(days=days)
    for n in range(days * PAGES_PER_DAY):
        started = start + timedelta(hours=24 / PAGES_PER_DAY * n, minutes=rng.randint(0, 400))
        if started >= end:
            continue
        number = rng.randint(1, risks)
        acked = rng.random() < 0.9
        mtta = rng.randint(60, 2400) if acked else None
        acked_at = started + timedelta(seconds=mtta) if mtta is not None else None
        rows.add(
            EscalationRun,
            {
                "subject_kind": "risk",
                "subject_ref": f"R-{number}",
                "subject_title": f"Risk {number}",
                "subject_owner": rng.choice(everyone),
                "subject_team": rng.choice(teams),
                "thread_key": root_key(number),
                "policy_id": "default",
                "policy_version": "bench",
                "policy": {"levels": [], "repeat": 0},
                "status": "resolved" if acked else "exhausted",
                "fence": 3,
                "reason": "critical risk",
                "started_at": started,
                "acked_by": rng.choice(everyone) if acked else None,
                "acked_at": acked_at,
                "mtta_seconds": mtta,
                "resolved_at": acked_at + timedelta(hours=2) if acked_at else None,
                "exhausted_at": None if acked else started + timedelta(hours=1),
            },
        )


def _overrides(rows: Rows, workspace: WorkspaceConfig, end: datetime) -> None:
    """One override per rotation, covering the evening of the digest."""
    for rotation in workspace.rotations:
        rows.add(
            OncallOverride,
            {
                "rotation_id": rotation.id,
                "user_id": rotation.members[-1],
                "starts_at": end - timedelta(hours=2),
                "ends_at": end + timedelta(hours=6),
                "created_by": rotation.members[0],
                "created_at": end - timedelta(days=1),
            },
        )
