"""The digest's data, read from Tandem's own tables: the one seam between digests and features.

`SqlDigestSources` implements `bot.digest_model.DigestSources`. Each method is one kind of
input and should stay one or two queries (GROUP BY, window functions, IN lists), never a query
per person, risk or reply: the digest benchmark (`python -m benchmarks`) counts statements.
Methods whose feature has no tables yet return nothing, and the digest leaves that part out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.digest_model import (
    Away,
    Blocker,
    DigestSources,
    EscalationLine,
    Goal,
    HeatMap,
    Kudos,
    OnCallLine,
    Participation,
    RiskDigest,
    RiskLine,
    SlackRef,
    TeamStatus,
)
from bot.oncall import next_shift, on_call
from bot.rotations import overrides_by_rotation
from bot.workspace import WorkspaceConfig
from storage import escalations as escalation_repo
from storage import risks as risk_repo
from storage.db import SessionFactory, unit_of_work
from storage.models import OutboxMessage
from storage.risks import Risk

if TYPE_CHECKING:
    from bot.container import Services


def default_sources(services: Services) -> DigestSources:
    """The sources `Services.build` gives the digest service."""
    return SqlDigestSources(services.factory, services.workspace)


DUE_SOON = timedelta(days=14)


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

    def __init__(self, factory: SessionFactory, workspace: WorkspaceConfig) -> None:
        self.factory = factory
        self.workspace = workspace

    def team_statuses(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[TeamStatus]:
        # Status reports are stored by the stand-up feature: the newest report per team
        # before `end` (one query with a window function or a grouped subquery).
        return ()

    def participation(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Participation]:
        # Stand-up days (report due in [start, end)) with counts of prompts, answers and
        # people away, grouped by (stand-up, day) in one query.
        return ()

    def blockers(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Blocker]:
        # Blockers raised before `end` and not resolved at `now`.
        return ()

    def risks(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> RiskDigest:
        """Seven statements whatever the number of risks (see storage/risks.py)."""
        with unit_of_work(self.factory) as session:
            delta = risk_repo.changes_between(session, start, end, team_ids)
            return RiskDigest(
                top=_risk_lines(risk_repo.top_open(session, 5, team_ids)),
                new=_risk_lines(delta.created),
                changed=_risk_lines(delta.changed),
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
            )
            for run in runs
        ]

    def on_call(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLine]:
        """Who is on call now and next for each rotation of these teams, overrides applied."""
        rotations = [r for r in self.workspace.rotations if r.team in team_ids]
        with unit_of_work(self.factory) as session:
            overrides = overrides_by_rotation(session, [r.id for r in rotations], now)
        lines = []
        for rotation in rotations:
            applied = overrides.get(rotation.id, [])
            following = next_shift(rotation, applied, now)
            lines.append(
                OnCallLine(
                    rotation=rotation.id,
                    team=rotation.team,
                    user=on_call(rotation, applied, now),
                    until=following.start if following else None,
                    next_user=following.user if following else None,
                )
            )
        return lines

    def away(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Away]:
        # `/standup away` periods overlapping [start, end).
        return ()

    def kudos(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Kudos]:
        # `/kudos` is planned; nothing to read yet.
        return ()

    def goals(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[Goal]:
        # `/goal` is planned; nothing to read yet.
        return ()
