"""The digest's data, read from Tandem's own tables: the one seam between digests and features.

`SqlDigestSources` implements `bot.digest.model.DigestSources`. Each method is one kind of
input and should stay one or two queries (GROUP BY, window functions, IN lists), never a query
per person, risk or reply: the digest benchmark (`python -m benchmarks`) counts statements.
An empty part (no kudos, no goals) is left out of the digest.

Stand-ups count days in each team's zone: a stand-up day belongs to the period holding its
report time (`report_at` in the team zone), and an absence to the period if it overlaps the
team's local days from `start` to `end`. Stored text arrives Slack-escaped (as DMs do, and as
the status modal stores it); it is unescaped here because the digest's renderer escapes it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core.blocks.text import unescape
from bot.core.ports import WorkspaceSource
from bot.core.workspace.model import Team
from bot.digest.model import (
    Away,
    Blocker,
    EscalationLine,
    Goal,
    Handover,
    HeatMap,
    Kudos,
    NewLesson,
    OnCallLine,
    OnCallLoadLine,
    Participation,
    RiskDigest,
    RiskLine,
    SlackRef,
    TeamPeople,
    TeamStatus,
)
from bot.oncall.load import person_loads
from bot.oncall.service import AWAY_AHEAD, load_rotas
from bot.standup.rules import local_instant
from storage import escalations as escalation_repo
from storage import goals as goal_repo
from storage import handovers as handover_repo
from storage import home as home_repo
from storage import kudos as kudos_repo
from storage import lessons as lessons_repo
from storage import risks as risk_repo
from storage.db import SessionFactory, unit_of_work
from storage.models import OutboxMessage
from storage.risks import Risk
from storage.standups import reads as standup_repo
from storage.standups.models import report_key

DUE_SOON = timedelta(days=14)
INSTANT = timedelta(microseconds=1)  # `[start, end)`: the last instant before `end`
SLA_RAG = {"met": "green", "at_risk": "amber", "breached": "red"}


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def _plain(text: str | None) -> str | None:
    return unescape(text) if text else None


def _lines(text: str | None) -> tuple[str, ...]:
    """Free text as one item per non-empty line, list markers dropped."""
    lines = (line.strip().lstrip("-*•").strip() for line in (text or "").splitlines())
    return tuple(unescape(line) for line in lines if line)


def _team_status(team: Team, report: standup_repo.StatusSnapshot) -> TeamStatus:
    """A status report as the digest shows it: an ops team's SLA health is its RAG.

    `report` stays None: the report lives in the lead's DM, which nobody else can open.
    """
    ops = report.kind == "ops"
    return TeamStatus(
        team=team.id,
        kind=team.kind,
        reported_at=report.submitted_at,
        rag=SLA_RAG.get(report.sla or "") if ops else report.rag,
        progress=report.progress,
        milestone=_plain(report.milestone),
        milestone_date=report.milestone_date,
        kpis=tuple((unescape(k), unescape(v)) for k, v in report.kpis.items()),
        incidents=_lines(report.incidents),
    )


def _risk_lines(risks: Sequence[Risk]) -> tuple[RiskLine, ...]:
    return tuple(
        RiskLine(
            ref=f"R-{risk.id}",
            title=risk.title,
            score=risk.score,
            rating=risk.rating,
            status=risk.status,
            probability=risk.probability,
            impact=risk.impact,
            owner=risk.owner,
            team=risk.team,
            due=risk.due_at.date() if risk.due_at else None,
            next_review_at=risk.next_review_at,
            thread=SlackRef(risk.channel, risk.thread_ts)
            if risk.channel and risk.thread_ts
            else None,
            close_reason=risk.close_reason,
            customer=risk.customer_impact,
        )
        for risk in risks
    )


def _threads(session: Session, keys: Sequence[str | None]) -> dict[str, SlackRef]:
    """The Slack thread root of each outbox key that has been sent (one statement)."""
    wanted = [key for key in keys if key]
    if not wanted:
        return {}
    rows = session.execute(
        select(OutboxMessage.key, OutboxMessage.sent_channel, OutboxMessage.sent_ts)
        .where(OutboxMessage.key.in_(wanted))
        .where(OutboxMessage.sent_ts.is_not(None))
    )
    return {key: SlackRef(channel, ts) for key, channel, ts in rows if channel and ts}


class SqlDigestSources:
    """Reads each kind of digest input; one unit of work per method, read only."""

    def __init__(self, *, factory: SessionFactory, workspace: WorkspaceSource) -> None:
        self.factory = factory
        self.workspace = workspace

    def _teams(self, team_ids: Sequence[str]) -> list[Team]:
        return [self.workspace().team(team_id) for team_id in team_ids]

    def team_statuses(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[TeamStatus]:
        """Each team's newest weekly status report submitted before `end` (one statement)."""
        with unit_of_work(self.factory) as session:
            reports = standup_repo.latest_status_reports(session, team_ids, end - INSTANT)
        return [
            _team_status(team, reports[team.id])
            for team in self._teams(team_ids)
            if team.id in reports
        ]

    def participation(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Participation]:
        """Stand-up days whose report fell due in `[start, end)` (one statement).

        Two stand-ups of one team on the same day make one day: their counts add up.
        """
        teams = {team.id: team for team in self._teams(team_ids)}
        if not teams:
            return ()
        first = min(_local_day(start, team.timezone) for team in teams.values())
        last = max(_local_day(end, team.timezone) for team in teams.values())
        with unit_of_work(self.factory) as session:
            rows = standup_repo.participation(session, list(teams), first, last)
        report_at = {standup.id: standup.report_at for standup in self.workspace().standups}
        days: dict[tuple[str, date], Participation] = {}
        for row in rows:
            # A stand-up since removed from tandem.toml: its day counts at the day's end.
            due = local_instant(
                row.day, report_at.get(row.standup, time.max), teams[row.team].timezone
            )
            if not start <= due < end:
                continue
            # The stand-up's `expected` leaves away people out; the digest's counts them.
            day = Participation(
                row.team, row.day, due, row.expected + row.away, row.answered, row.away
            )
            same = days.get((row.team, row.day))
            if same is not None:
                day = Participation(
                    row.team,
                    row.day,
                    max(same.due_at, due),
                    same.expected + day.expected,
                    same.answered + day.answered,
                    same.away + day.away,
                )
            days[(row.team, row.day)] = day
        return list(days.values())

    def blockers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Blocker]:
        """Blockers raised before `end` and open at `now`, linked to the latest stand-up
        report that carried them (two statements)."""
        with unit_of_work(self.factory) as session:
            found = [
                b for b in standup_repo.open_blockers(session, team_ids, now) if b.opened_at < end
            ]
            reports = _threads(
                session,
                [report_key(b.standup, day) for b in found for day in (b.last_date, b.first_date)],
            )
        return [
            Blocker(
                team=b.team,
                user=b.user,
                text=unescape(b.text),
                since=b.opened_at,
                ref=reports.get(report_key(b.standup, b.last_date))
                or reports.get(report_key(b.standup, b.first_date)),
            )
            for b in found
        ]

    def risks(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> RiskDigest:
        """At most eight statements whatever the number of risks (see storage/risks.py)."""
        with unit_of_work(self.factory) as session:
            delta = risk_repo.changes_between(session, start, end, team_ids)
            was = risk_repo.scores_before(session, [r.id for r in delta.changed], start, end)
            return RiskDigest(
                top=_risk_lines(risk_repo.top_open(session, 5, team_ids)),
                new=_risk_lines(delta.created),
                changed=tuple(
                    replace(line, previous_score=was.get(risk.id))
                    for risk, line in zip(delta.changed, _risk_lines(delta.changed), strict=True)
                ),
                closed=_risk_lines(delta.closed),
                overdue_reviews=_risk_lines(risk_repo.overdue_reviews(session, now, team_ids)),
                due_soon=_risk_lines(risk_repo.due_within(session, now, now + DUE_SOON, team_ids)),
                heat_map=HeatMap(
                    tuple(tuple(row) for row in risk_repo.heat_map(session, team_ids))
                ),
            )

    def escalations(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[EscalationLine]:
        """Runs started in the period for these teams (or no team), with their threads."""
        with unit_of_work(self.factory) as session:
            runs = [
                run
                for run in escalation_repo.runs_started(session, start, end)
                if run.subject_team is None or run.subject_team in team_ids
            ]
            threads = _threads(session, [run.thread_key for run in runs])
        return [
            EscalationLine(
                ref=run.subject_ref,
                title=run.subject_title,
                started_at=run.started_at,
                team=run.subject_team,
                acked_by=run.acked_by,
                acked_at=run.acked_at,
                exhausted=run.exhausted,
                thread=threads.get(run.thread_key or ""),
                customer=run.subject_customer,
            )
            for run in runs
        ]

    def on_call(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLine]:
        """Who is on call now and next for each rotation of these teams, after overrides, covers
        and away (`bot.oncall.service.load_rotas`)."""
        ws = self.workspace()
        rotations = [r for r in ws.rotations if r.team in team_ids]
        with unit_of_work(self.factory) as session:
            ids = [r.id for r in rotations]
            rotas = load_rotas(session, ws, ids, now, now + AWAY_AHEAD)
        lines = []
        for rotation in rotations:
            shifts = rotas[rotation.id].upcoming(now)
            following = shifts[1] if len(shifts) > 1 else None
            lines.append(
                OnCallLine(
                    rotation=rotation.id,
                    team=rotation.team,
                    user=shifts[0].user,
                    until=following.start if following else None,
                    next_user=following.user if following else None,
                )
            )
        return lines

    def on_call_load(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLoadLine]:
        """Each person's load from `bot.oncall.load` over `[start, min(end, now))`, under the
        first of these teams whose rotations (else members) include them."""
        ws = self.workspace()
        until = min(end, now)
        if until <= start:
            return ()
        with unit_of_work(self.factory, readonly=True) as session:
            loads = person_loads(session, ws, start, until)
        home: dict[str, str] = {}
        for rotation in ws.rotations:
            if rotation.team in team_ids:
                for user in rotation.members:
                    home.setdefault(user, rotation.team)
        for team in self._teams(team_ids):
            for user in team.members:
                home.setdefault(user, team.id)
        return [
            OnCallLoadLine(
                team=home[load.person],
                user=load.person,
                shifts=load.shifts,
                after_hours_minutes=load.after_hours_minutes,
                pages=load.pages,
                after_hours_pages=load.after_hours_pages,
                mtta_seconds=load.mtta_seconds,
                covers_given=load.covers_given,
                covers_taken=load.covers_taken,
            )
            for load in loads
            if load.person in home
        ]

    def handovers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Handover]:
        """Hand-overs written in the period for these teams' rotations (one query)."""
        with unit_of_work(self.factory, readonly=True) as session:
            rows = handover_repo.submitted_between(session, list(team_ids), start, end)
            return [
                Handover(
                    rotation=row.rotation_id,
                    team=row.team_id,
                    outgoing=row.outgoing,
                    incoming=row.incoming,
                    handoff_at=row.handoff_at,
                    notes=row.notes,
                )
                for row in rows
            ]

    def away(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Away]:
        """Absences of these teams' members overlapping the teams' local days of the period,
        once per absence (under the first covered team of the person) (one statement)."""
        teams = self._teams(team_ids)
        days = {
            team.id: (_local_day(start, team.timezone), _local_day(end - INSTANT, team.timezone))
            for team in teams
        }
        member_of: dict[str, list[str]] = {}
        for team in teams:
            for user in team.members:
                member_of.setdefault(user, []).append(team.id)
        if not member_of:
            return ()
        first = min(first for first, _ in days.values())
        last = max(last for _, last in days.values())
        with unit_of_work(self.factory) as session:
            periods = standup_repo.away_between(session, first, last, sorted(member_of))
        found = []
        for period in periods:
            overlapping = [
                team_id
                for team_id in member_of[period.user]
                if period.start <= days[team_id][1] and period.end >= days[team_id][0]
            ]
            if overlapping:
                found.append(Away(period.user, overlapping[0], period.start, period.end))
        return found

    def kudos(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Kudos]:
        """Kudos given in the period to members or leads of these teams (one statement)."""
        people = sorted(
            {user for team in self._teams(team_ids) for user in (*team.members, team.lead)}
        )
        with unit_of_work(self.factory, readonly=True) as session:
            rows = kudos_repo.given_between(session, people, start, end)
        return [Kudos(k.giver, k.receiver, k.text, k.given_at) for k in rows]

    def goals(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Goal]:
        """Goals these teams share, not due before the period's first day (two statements)."""
        ws = self.workspace()
        names = {team.id: team.name for team in ws.teams}
        first_day = start.astimezone(ws.timezone).date()
        with unit_of_work(self.factory, readonly=True) as session:
            found = goal_repo.with_teams(session, team_ids, due_from=first_day)
        return [
            Goal(
                f"G-{goal.id}",
                goal.title,
                goal.value,
                goal.target,
                goal.due,
                tuple(names.get(team, team) for team in teams),
            )
            for goal, teams in found
        ]

    def team_people(
        self, team_ids: Sequence[str], days: Sequence[Participation], now: datetime
    ) -> Sequence[TeamPeople]:
        """On-time stand-ups of `days` and active risks' ages, per team (two statements)."""
        teams = [team.id for team in self._teams(team_ids)]
        if not teams:
            return ()
        with unit_of_work(self.factory) as session:
            timely = (
                home_repo.on_time(
                    session, teams, min(d.day for d in days), max(d.day for d in days)
                )
                if days
                else {}
            )
            opened = risk_repo.active_opened(session, teams)
        return [
            TeamPeople(
                team,
                completed=timely[team].completed if team in timely else 0,
                on_time=timely[team].on_time if team in timely else 0,
                risks_opened=tuple(at for owner, at in opened if owner == team),
            )
            for team in teams
        ]

    def lessons(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[NewLesson]:
        with unit_of_work(self.factory, readonly=True) as session:
            found = lessons_repo.since(session, start, end)
        wanted = set(team_ids)
        return [
            NewLesson(ref=x.ref, team=x.team, text=x.text, at=x.created_at)
            for x in found
            if x.team in wanted
        ]
