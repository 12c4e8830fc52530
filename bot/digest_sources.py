"""The digest's data, read from Tandem's own tables: the one seam between digests and features.

`SqlDigestSources` implements `bot.digest_model.DigestSources`. Each method is one kind of
input and should stay one or two queries (GROUP BY, window functions, IN lists), never a query
per person, risk or reply: the digest benchmark (`python -m benchmarks`) counts statements.
Methods whose feature has no tables yet return nothing, and the digest leaves that part out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from bot.digest_model import (
    Away,
    Blocker,
    DigestSources,
    EscalationLine,
    Goal,
    Kudos,
    OnCallLine,
    Participation,
    RiskDigest,
    TeamStatus,
)
from bot.workspace import Rotation, WorkspaceConfig
from storage.db import SessionFactory

if TYPE_CHECKING:
    from bot.container import Services


def default_sources(services: Services) -> DigestSources:
    """The sources `Services.build` gives the digest service."""
    return SqlDigestSources(services.factory, services.workspace)


def rotation_on_call(rotation: Rotation, now: datetime) -> OnCallLine:
    """Who `rotation` puts on call at `now` by its schedule alone (no overrides).

    Hand-offs keep their local wall-clock time across DST changes, as the file writes them.
    """
    members = rotation.members
    if not members:
        return OnCallLine(rotation.id, rotation.team, None)
    local = now.astimezone(rotation.start.tzinfo)
    if local < rotation.start:
        return OnCallLine(rotation.id, rotation.team, None, rotation.start, members[0])
    shift = (local.replace(tzinfo=None) - rotation.start.replace(tzinfo=None)) // rotation.length
    until = rotation.start + (shift + 1) * rotation.length
    current, following = members[shift % len(members)], members[(shift + 1) % len(members)]
    return OnCallLine(rotation.id, rotation.team, current, until, following)


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
        # Top 5 by score, new/changed/closed in [start, end) (from the risk event log),
        # overdue reviews, due within 14 days, and a GROUP BY probability, impact for the
        # heat map (`HeatMap.from_counts`).
        return RiskDigest()

    def escalations(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[EscalationLine]:
        # Escalation runs started in [start, end), with ack time and exhausted state.
        return ()

    def on_call(
        self, team_ids: Sequence[str], start: datetime, end: datetime, now: datetime
    ) -> Sequence[OnCallLine]:
        # From tandem.toml's rotations; overrides live with the escalation feature.
        return [rotation_on_call(r, now) for r in self.workspace.rotations if r.team in team_ids]

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
