"""The reads behind App Home's sections: the only module of `bot.home` that reads other
features' records (stand-up prompts, risks, rotations, and the digest's people metrics)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.ports import WorkspaceSource
from bot.digest.model import DigestSources, median_duration
from bot.home.model import MyShift, OnCallNow, OwnedRisk, Prompt, Roles, TeamMetrics
from bot.oncall.rota import handoffs, upcoming
from bot.oncall.service import overrides_by_rotation
from storage import home as repo
from storage.db import SessionFactory, unit_of_work

RISKS_SHOWN = 10
PROMPTS_SHOWN = 5
METRICS_PERIOD = timedelta(days=7)


@dataclass(kw_only=True)
class SqlHomeReads:
    """Each method is one section's read: a bounded number of statements, whatever the size."""

    factory: SessionFactory
    workspace: WorkspaceSource
    digest: DigestSources

    def prompts(self, user: str, today: date) -> list[Prompt]:
        """Stand-up prompts waiting for answers and unsubmitted status requests of the last
        7 days; `today` is the person's local date."""
        with unit_of_work(self.factory, readonly=True) as session:
            found = repo.open_prompts(session, user, today - timedelta(days=7), PROMPTS_SHOWN)
        return [
            Prompt(p.kind, p.id, p.name, p.day, p.answered, p.questions, p.day == today)
            for p in found
        ]

    def risks(self, user: str, now: datetime, team_url: str | None) -> tuple[list[OwnedRisk], int]:
        with unit_of_work(self.factory, readonly=True) as session:
            rows, total = repo.owned_risks(session, user, RISKS_SHOWN)
        owned = [
            OwnedRisk(
                ref=f"R-{r.number}",
                title=r.title,
                score=r.score,
                rating=r.rating,
                review_overdue=r.next_review_at < now,
                link=(
                    f"{team_url}archives/{r.channel}/p{r.thread_ts.replace('.', '')}"
                    if team_url and r.channel and r.thread_ts
                    else None
                ),
            )
            for r in rows
        ]
        return owned, total

    def roles(self, user: str, risks: int) -> Roles:
        ws = self.workspace()
        return Roles(
            leads=tuple(t.name for t in ws.teams if t.lead == user),
            member_of=tuple(t.name for t in ws.teams if user in t.members and t.lead != user),
            rotations=tuple(r.id for r in ws.rotations if user in r.members),
            risks=risks,
        )

    def on_call(self, user: str, now: datetime) -> tuple[list[OnCallNow], list[MyShift], bool]:
        """Who is on call now in the person's teams, and the person's next shifts."""
        ws = self.workspace()
        teams = {t.id for t in ws.teams if user in t.members or t.lead == user}
        rotations = [r for r in ws.rotations if r.team in teams or user in r.members]
        if not rotations:
            return [], [], False
        with unit_of_work(self.factory, readonly=True) as session:
            overrides = overrides_by_rotation(session, [r.id for r in rotations], now)
        now_lines: list[OnCallNow] = []
        mine: list[MyShift] = []
        for rotation in rotations:
            shifts = upcoming(rotation, overrides[rotation.id], now, len(rotation.members) + 2)
            if rotation.team in teams and shifts:
                now_lines.append(OnCallNow(rotation.id, shifts[0].user, shifts[0].end))
            own = next((s for s in shifts if s.user == user), None)
            if own is not None:
                mine.append(MyShift(rotation.id, own.start, own.end, own.start <= now))
        return now_lines, sorted(mine, key=lambda s: s.start), True

    def handoffs(self, since: datetime, now: datetime) -> list[tuple[str, list[str]]]:
        """Hand-offs in (since, now], overrides applied: (a key naming the hand-off, the people
        whose App Home shows that rotation: its members and its team's members and lead)."""
        ws = self.workspace()
        if not ws.rotations:
            return []
        with unit_of_work(self.factory, readonly=True) as session:
            overrides = overrides_by_rotation(session, [r.id for r in ws.rotations], since)
        found = []
        for rotation in ws.rotations:
            team = next((t for t in ws.teams if t.id == rotation.team), None)
            people = {*rotation.members, *(team.members if team else ()), team.lead if team else ""}
            for change in handoffs(rotation, overrides[rotation.id], since, now):
                found.append((f"{rotation.id}:{change.at.isoformat()}", sorted(people - {""})))
        return found

    def metrics(self, team_ids: Sequence[str], now: datetime) -> list[TeamMetrics]:
        """People metrics over the last 7 days for the teams a lead leads (each input read once)."""
        if not team_ids:
            return []
        start = now - METRICS_PERIOD
        ws = self.workspace()
        days = self.digest.participation(team_ids, start, now, now)
        blockers = self.digest.blockers(team_ids, start, now, now)
        overdue = self.digest.risks(team_ids, start, now, now).overdue_reviews
        runs = self.digest.escalations(team_ids, start, now, now)
        people = {p.team: p for p in self.digest.team_people(team_ids, days, now)}
        kudos = self.digest.kudos(team_ids, start, now, now)
        out = []
        for team_id in team_ids:
            mine = [d for d in days if d.team == team_id]
            present = sum(d.expected - d.away for d in mine)
            answered = sum(d.answered for d in mine)
            ages = [now - b.since for b in blockers if b.team == team_id]
            acks = [r.time_to_ack for r in runs if r.team == team_id and r.time_to_ack]
            done = people.get(team_id)
            risk_ages = sorted(now - at for at in done.risks_opened) if done else []
            team = ws.team(team_id)
            members = {*team.members, team.lead}
            out.append(
                TeamMetrics(
                    team=team.name,
                    participation=min(answered / present, 1.0) if present > 0 else None,
                    on_time=done.on_time / done.completed if done and done.completed else None,
                    blockers=len(ages),
                    oldest_blocker=max(ages) if ages else None,
                    overdue_reviews=sum(1 for r in overdue if r.team == team_id),
                    mtta=median_duration(acks),
                    risks_open=len(risk_ages),
                    median_risk_age=median_duration(risk_ages),
                    oldest_risk_age=risk_ages[-1] if risk_ages else None,
                    kudos=sum(1 for k in kudos if k.receiver in members),
                )
            )
        return out
