"""What a digest shows: frozen value objects, and the port (`DigestSources`) that supplies them.

Stand-ups, status reports, risks and escalations each live in their own feature; the digest
only sees them through `DigestSources`, one method per kind of input. Every method takes the
same arguments, `(team_ids, start, end, now)`: the teams the digest covers, the period
`[start, end)` and the instant the digest is built (UTC, aware). A period's "end" is the
scheduled time of the digest; a late digest is built after it, so `now >= end` then.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.workspace.model import Digest, RiskSettings, Team

PROBABILITY_IMPACT = 5  # the risk matrix is 5 x 5


@dataclass(frozen=True, slots=True)
class SlackRef:
    """A Slack message a digest line links to (a report, a risk thread, a page)."""

    channel: str
    ts: str


@dataclass(frozen=True, slots=True)
class TeamStatus:
    """A team's latest status report: the newest one made before the period's end.

    Attributes:
        team: team id from tandem.toml.
        kind: "project" or "ops" (the team's kind).
        reported_at: when the report was submitted.
        rag: "green", "amber" or "red": delivery status for a project team, SLA health for an
            ops team; None when the report did not say.
        progress: percent complete, 0-100 (project teams).
        milestone, milestone_date: the next milestone (project teams).
        kpis: (name, value) pairs in the order reported (ops teams).
        incidents: one line per incident reported (ops teams).
        sla: free text about SLA health, e.g. "99.95% (target 99.9%)" (ops teams).
        report: the report message in Slack, for a link.
    """

    team: str
    kind: str
    reported_at: datetime
    rag: str | None = None
    progress: int | None = None
    milestone: str | None = None
    milestone_date: date | None = None
    kpis: tuple[tuple[str, str], ...] = ()
    incidents: tuple[str, ...] = ()
    sla: str | None = None
    report: SlackRef | None = None


@dataclass(frozen=True, slots=True)
class Participation:
    """One stand-up day of one team.

    Attributes:
        team: team id.
        day: the stand-up's local date (team zone).
        due_at: when that day's report was due; the day belongs to the period holding it.
        expected: participants scheduled that day (away people included).
        answered: participants who answered.
        away: participants away that day; they never count as missing.
    """

    team: str
    day: date
    due_at: datetime
    expected: int
    answered: int
    away: int = 0


@dataclass(frozen=True, slots=True)
class Blocker:
    """A stand-up blocker still open when the digest is built."""

    team: str
    user: str
    text: str
    since: datetime
    ref: SlackRef | None = None


@dataclass(frozen=True, slots=True)
class RiskLine:
    """One risk as a digest line.

    Attributes:
        ref: human id, "R-12".
        rating: "low", "medium", "high" or "critical" (from the workspace's bands).
        status: e.g. "open", "mitigating", "watch", "occurred", "closed".
        due: proximity date: when the risk could materialise or a decision is needed.
        thread: the risk's thread root in Slack.
        previous_score: for a changed risk, its score at the period's start.
        close_reason: for a closed risk.
        customer: the risk affects customers; listed first and marked.
    """

    ref: str
    title: str
    score: int
    rating: str
    status: str
    probability: int
    impact: int
    owner: str | None = None
    team: str | None = None
    due: date | None = None
    next_review_at: datetime | None = None
    thread: SlackRef | None = None
    previous_score: int | None = None
    close_reason: str | None = None
    customer: bool = False


@dataclass(frozen=True, slots=True)
class HeatMap:
    """Open risks counted by probability (rows) and impact (columns), both 1-5."""

    counts: tuple[tuple[int, ...], ...] = ((0,) * PROBABILITY_IMPACT,) * PROBABILITY_IMPACT

    @classmethod
    def from_counts(cls, cells: Iterable[tuple[int, int, int]]) -> HeatMap:
        """Build from (probability, impact, count) triples, e.g. a GROUP BY's rows."""
        grid = [[0] * PROBABILITY_IMPACT for _ in range(PROBABILITY_IMPACT)]
        for probability, impact, count in cells:
            grid[probability - 1][impact - 1] += count
        return cls(tuple(tuple(row) for row in grid))

    def count(self, probability: int, impact: int) -> int:
        return self.counts[probability - 1][impact - 1]

    @property
    def total(self) -> int:
        return sum(map(sum, self.counts))

    def by_rating(self, settings: RiskSettings) -> dict[str, int]:
        """Open risks per rating band, e.g. {"critical": 2, "high": 3, ...}."""
        out = {"critical": 0, "high": 0, "medium": 0, "low": 0}
        for p in range(1, PROBABILITY_IMPACT + 1):
            for i in range(1, PROBABILITY_IMPACT + 1):
                out[settings.rating(p * i)] += self.count(p, i)
        return out


@dataclass(frozen=True, slots=True)
class RiskDigest:
    """Everything the digest shows about risks.

    Attributes:
        top: the 5 open risks with the highest score (ties: lower ref number first).
        new: risks raised in the period.
        changed: risks whose score, status or owner changed in the period (not new, not
            closed).
        closed: risks closed in the period.
        overdue_reviews: open risks whose `next_review_at` is before `now`.
        due_soon: open risks whose `due` date is within 14 days of `now`.
        heat_map: every open risk, counted by probability and impact.
    """

    top: tuple[RiskLine, ...] = ()
    new: tuple[RiskLine, ...] = ()
    changed: tuple[RiskLine, ...] = ()
    closed: tuple[RiskLine, ...] = ()
    overdue_reviews: tuple[RiskLine, ...] = ()
    due_soon: tuple[RiskLine, ...] = ()
    heat_map: HeatMap = field(default_factory=HeatMap)


@dataclass(frozen=True, slots=True)
class EscalationLine:
    """An escalation (page) started in the period."""

    ref: str
    title: str
    started_at: datetime
    team: str | None = None
    acked_by: str | None = None
    acked_at: datetime | None = None
    exhausted: bool = False
    thread: SlackRef | None = None
    customer: bool = False  # started from a customer-impacting risk

    @property
    def time_to_ack(self) -> timedelta | None:
        return None if self.acked_at is None else self.acked_at - self.started_at


@dataclass(frozen=True, slots=True)
class OnCallLine:
    """Who is on call for a rotation at `now`, until when, and who comes next."""

    rotation: str
    team: str
    user: str | None
    until: datetime | None = None
    next_user: str | None = None


@dataclass(frozen=True, slots=True)
class OnCallLoadLine:
    """One person's on-call load in the period, under a team whose rotations they are in
    (or, for pages only, whose member they are). After hours: outside 09:00–18:00 their time."""

    team: str
    user: str
    shifts: int = 0
    after_hours_minutes: int = 0
    pages: int = 0
    after_hours_pages: int = 0
    mtta_seconds: int | None = None
    covers_given: int = 0
    covers_taken: int = 0


@dataclass(frozen=True, slots=True)
class Handover:
    """A hand-over someone wrote at a hand-off of a rotation."""

    rotation: str
    team: str
    outgoing: str
    incoming: str | None
    handoff_at: datetime
    notes: str


@dataclass(frozen=True, slots=True)
class Away:
    """A person away for some days in the period (first and last day inclusive)."""

    user: str
    team: str
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class Kudos:
    giver: str
    receiver: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class NewLesson:
    """A lesson recorded in the period."""

    ref: str
    team: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Goal:
    """A shared goal: its metric's current value, target and due date, and who shares it.

    Attributes:
        teams: the names of the teams that share it (covered by the digest or not).
    """

    ref: str
    title: str
    value: float
    target: float | None = None
    due: date | None = None
    teams: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TeamPeople:
    """A team's per-team reads for the people metrics that no other input carries.

    Attributes:
        completed: stand-up prompts of the period's days that were fully answered.
        on_time: those answered in full before the day's report was posted.
        risks_opened: when each of the team's risks still active was raised.
    """

    team: str
    completed: int = 0
    on_time: int = 0
    risks_opened: tuple[datetime, ...] = ()


class DigestSources(Protocol):
    """Where a digest's data comes from; one method per kind of input.

    Each takes the covered team ids, the period `[start, end)` and `now`. Implementations
    must use a bounded number of SQL statements per call, whatever the number of people,
    risks or replies (no query per row).
    """

    def team_statuses(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[TeamStatus]:
        """At most one per team: its newest status report made before `end`."""
        ...

    def participation(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Participation]:
        """One row per (team, stand-up day) whose report was due in `[start, end)`."""
        ...

    def blockers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Blocker]:
        """Blockers raised before `end` and still open at `now`."""
        ...

    def risks(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> RiskDigest:
        """Risks of these teams (and risks with no team); see `RiskDigest` for each list."""
        ...

    def escalations(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[EscalationLine]:
        """Escalations started in `[start, end)` for subjects of these teams (or none)."""
        ...

    def on_call(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLine]:
        """One line per rotation owned by these teams, as of `now` (overrides applied)."""
        ...

    def on_call_load(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLoadLine]:
        """Per person of these teams' rotations: shifts, pages, after hours, MTTA, covers."""
        ...

    def away(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Away]:
        """Absences of these teams' members overlapping `[start, end)`."""
        ...

    def handovers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Handover]:
        """Hand-overs of these teams' rotations written in `[start, end)`, oldest first."""
        ...

    def kudos(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Kudos]:
        """Kudos given in `[start, end)` to members of these teams."""
        ...

    def goals(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Goal]:
        """Shared goals of these teams not due before the period's first day (workspace
        zone): a goal due in the period shows its final state once more."""
        ...

    def lessons(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[NewLesson]:
        """Lessons these teams recorded in `[start, end)`, oldest first."""
        ...

    def team_people(
        self, team_ids: Sequence[str], days: Sequence[Participation], now: datetime
    ) -> Sequence[TeamPeople]:
        """One per team: on-time stand-ups of `days` (the period's, from `participation`),
        and its active risks' ages."""
        ...


@dataclass(frozen=True, slots=True)
class TeamParticipation:
    """A team's stand-up participation summed over the period."""

    team: str
    days: int
    expected: int
    answered: int
    away: int

    @property
    def rate(self) -> float | None:
        present = self.expected - self.away
        return None if present <= 0 else min(self.answered / present, 1.0)


def _total(team: str, rows: Sequence[Participation]) -> TeamParticipation:
    return TeamParticipation(
        team,
        days=len(rows),
        expected=sum(r.expected for r in rows),
        answered=sum(r.answered for r in rows),
        away=sum(r.away for r in rows),
    )


def sum_participation(rows: Iterable[Participation]) -> dict[str, TeamParticipation]:
    """Per team totals of stand-up days."""
    by_team: dict[str, list[Participation]] = {}
    for row in rows:
        by_team.setdefault(row.team, []).append(row)
    return {team: _total(team, days) for team, days in by_team.items()}


def weekly_rates(
    rows: Iterable[Participation], team_ids: Sequence[str], end: datetime, weeks: int
) -> dict[str, list[float | None]]:
    """Participation rate per team for each of the `weeks` weeks before `end`, oldest first.

    A week with no stand-up days (or nobody present) is None: a gap, not a zero.
    """
    week = timedelta(weeks=1)
    buckets: dict[str, list[list[Participation]]] = {
        team: [[] for _ in range(weeks)] for team in team_ids
    }
    for row in rows:
        back = (end - row.due_at) // week
        if row.team in buckets and 0 <= back < weeks:
            buckets[row.team][weeks - 1 - back].append(row)
    return {
        team: [_total(team, days).rate for days in per_week] for team, per_week in buckets.items()
    }


@dataclass(frozen=True, slots=True)
class DigestData:
    """Everything one digest shows, gathered for one period; rendered by bot/blocks/digest."""

    digest: Digest
    teams: tuple[Team, ...]
    start: datetime
    end: datetime
    now: datetime
    late: bool
    risk_settings: RiskSettings
    statuses: tuple[TeamStatus, ...] = ()
    participation: tuple[Participation, ...] = ()  # the period's stand-up days
    history: tuple[Participation, ...] = ()  # the weeks the participation chart shows
    blockers: tuple[Blocker, ...] = ()
    risks: RiskDigest = field(default_factory=RiskDigest)
    escalations: tuple[EscalationLine, ...] = ()
    on_call: tuple[OnCallLine, ...] = ()
    on_call_load: tuple[OnCallLoadLine, ...] = ()
    away: tuple[Away, ...] = ()
    handovers: tuple[Handover, ...] = ()
    kudos: tuple[Kudos, ...] = ()
    goals: tuple[Goal, ...] = ()
    lessons: tuple[NewLesson, ...] = ()
    people: tuple[TeamPeople, ...] = ()

    def status(self, team_id: str) -> TeamStatus | None:
        return next((s for s in self.statuses if s.team == team_id), None)

    @property
    def severe_open(self) -> int:
        """Open risks rated critical or high."""
        ratings = self.risks.heat_map.by_rating(self.risk_settings)
        return ratings["critical"] + ratings["high"]

    @property
    def median_time_to_ack(self) -> timedelta | None:
        seconds = [
            e.time_to_ack.total_seconds() for e in self.escalations if e.time_to_ack is not None
        ]
        return timedelta(seconds=statistics.median(seconds)) if seconds else None


@dataclass(frozen=True, slots=True)
class PeopleMetrics:
    """One team's people metrics for the period (mechanism 9: performance management)."""

    team: str
    participation: float | None
    on_time: float | None
    blockers: int
    oldest_blocker: timedelta | None
    risks_open: int
    median_risk_age: timedelta | None
    oldest_risk_age: timedelta | None
    overdue_reviews: int
    mtta: timedelta | None
    kudos: int


def median_duration(values: Sequence[timedelta]) -> timedelta | None:
    """The median of durations, or None when there are none."""
    if not values:
        return None
    return timedelta(seconds=statistics.median(v.total_seconds() for v in values))


def people_metrics(data: DigestData) -> list[PeopleMetrics]:
    """Per team of the digest: participation and on-time rate, blocker age, risk ageing and
    overdue reviews, median time to acknowledge its pages, and kudos to its members."""
    totals = sum_participation(data.participation)
    people = {p.team: p for p in data.people}
    out = []
    for team in data.teams:
        summary = totals.get(team.id)
        extra = people.get(team.id, TeamPeople(team.id))
        blockers = [data.now - b.since for b in data.blockers if b.team == team.id]
        ages = [data.now - at for at in extra.risks_opened]
        acks = [e.time_to_ack for e in data.escalations if e.team == team.id and e.time_to_ack]
        members = {*team.members, team.lead}
        out.append(
            PeopleMetrics(
                team=team.id,
                participation=summary.rate if summary else None,
                on_time=extra.on_time / extra.completed if extra.completed else None,
                blockers=len(blockers),
                oldest_blocker=max(blockers) if blockers else None,
                risks_open=len(ages),
                median_risk_age=median_duration(ages),
                oldest_risk_age=max(ages) if ages else None,
                overdue_reviews=sum(1 for r in data.risks.overdue_reviews if r.team == team.id),
                mtta=median_duration([a for a in acks if a is not None]),
                kudos=sum(1 for k in data.kudos if k.receiver in members),
            )
        )
    return out
