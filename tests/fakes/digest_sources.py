"""`StaticSources`: digest inputs held in memory, filtered the way `DigestSources` promises.

Tests seed one with a week of activity to pin down what the digest says about each input.
Filtering by period and team here documents, in code, what a real source must return.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

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
    TeamPeople,
    TeamStatus,
)

TOP_RISKS = 5
DUE_SOON = timedelta(days=14)


@dataclass(frozen=True, slots=True)
class StoredRisk:
    """A risk as a register would hold it, with the history the digest's deltas need."""

    line: RiskLine
    created_at: datetime
    closed_at: datetime | None = None
    changed_at: datetime | None = None  # last change of score, status or owner

    def open_at(self, at: datetime) -> bool:
        return self.created_at < at and (self.closed_at is None or self.closed_at > at)


@dataclass
class StaticSources:
    """An in-memory `DigestSources`."""

    statuses: list[TeamStatus] = field(default_factory=list)
    days: list[Participation] = field(default_factory=list)
    open_blockers: list[Blocker] = field(default_factory=list)
    stored_risks: list[StoredRisk] = field(default_factory=list)
    pages: list[EscalationLine] = field(default_factory=list)
    rotations: list[OnCallLine] = field(default_factory=list)
    loads: list[OnCallLoadLine] = field(default_factory=list)
    absences: list[Away] = field(default_factory=list)
    written_handovers: list[Handover] = field(default_factory=list)
    given_kudos: list[Kudos] = field(default_factory=list)
    shared_goals: list[Goal] = field(default_factory=list)
    new_lessons: list[NewLesson] = field(default_factory=list)
    people: list[TeamPeople] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)  # method names, in call order

    def team_statuses(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[TeamStatus]:
        self.calls.append("team_statuses")
        newest: dict[str, TeamStatus] = {}
        for status in self.statuses:
            if status.team in team_ids and status.reported_at < end:
                known = newest.get(status.team)
                if known is None or known.reported_at < status.reported_at:
                    newest[status.team] = status
        return list(newest.values())

    def participation(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Participation]:
        self.calls.append("participation")
        return [d for d in self.days if d.team in team_ids and start <= d.due_at < end]

    def blockers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Blocker]:
        self.calls.append("blockers")
        return [b for b in self.open_blockers if b.team in team_ids and b.since < end]

    def risks(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> RiskDigest:
        self.calls.append("risks")
        mine = [r for r in self.stored_risks if r.line.team is None or r.line.team in team_ids]
        live = [r.line for r in mine if r.open_at(now)]
        by_score = sorted(live, key=lambda r: (-r.score, _number(r.ref)))
        today = now.date()
        return RiskDigest(
            top=tuple(by_score[:TOP_RISKS]),
            new=tuple(r.line for r in mine if start <= r.created_at < end),
            changed=tuple(
                r.line
                for r in mine
                if r.changed_at is not None
                and start <= r.changed_at < end
                and r.created_at < start
                and r.open_at(end)
            ),
            closed=tuple(
                replace(r.line, status="closed")
                for r in mine
                if r.closed_at is not None and start <= r.closed_at < end
            ),
            overdue_reviews=tuple(
                r for r in by_score if r.next_review_at is not None and r.next_review_at < now
            ),
            due_soon=tuple(
                sorted(
                    (r for r in live if r.due is not None and today <= r.due <= today + DUE_SOON),
                    key=lambda r: (r.due, _number(r.ref)),
                )
            ),
            heat_map=HeatMap.from_counts((r.probability, r.impact, 1) for r in live),
        )

    def escalations(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[EscalationLine]:
        self.calls.append("escalations")
        return [
            e
            for e in self.pages
            if (e.team is None or e.team in team_ids) and start <= e.started_at < end
        ]

    def on_call(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLine]:
        self.calls.append("on_call")
        return [r for r in self.rotations if r.team in team_ids]

    def on_call_load(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLoadLine]:
        self.calls.append("on_call_load")
        return [load for load in self.loads if load.team in team_ids]

    def away(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Away]:
        self.calls.append("away")
        first, last = start.date(), end.date()
        return [
            a
            for a in self.absences
            if a.team in team_ids and a.first_day <= last and a.last_day >= first
        ]

    def handovers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Handover]:
        self.calls.append("handovers")
        return [h for h in self.written_handovers if h.team in team_ids]

    def kudos(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Kudos]:
        self.calls.append("kudos")
        return [k for k in self.given_kudos if start <= k.at < end]

    def goals(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Goal]:
        self.calls.append("goals")
        return list(self.shared_goals)

    def team_people(
        self, team_ids: Sequence[str], days: Sequence[Participation], now: datetime
    ) -> Sequence[TeamPeople]:
        self.calls.append("team_people")
        return [p for p in self.people if p.team in team_ids]

    def lessons(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[NewLesson]:
        self.calls.append("lessons")
        return [x for x in self.new_lessons if x.team in team_ids and start <= x.at < end]


def _number(ref: str) -> int:
    digits = ref.rpartition("-")[2]
    return int(digits) if digits.isdigit() else 0
