"""Shared goals: adding one for some teams, updating its value, listing a person's teams'.

Who may: a member (or the lead) of a sharing team, or an admin, adds and updates; anyone
lists. An add and every update are posted in each sharing team's channel through the outbox,
in the same transaction as the change; the digest reads the goals through its own source.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.core.blocks.text import number
from bot.core.errors import Forbidden, NotFound, UserError
from bot.core.events import Event, Events, NoEvents
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.sends import Sends
from bot.core.workspace.model import Team, WorkspaceConfig
from bot.goals.blocks import GoalLine, goal_line
from bot.goals.grammar import AddGoal, UpdateGoal
from storage import goals as repo
from storage.db import SessionFactory, unit_of_work


def _names(ws: WorkspaceConfig, team_ids: Sequence[str]) -> tuple[str, ...]:
    known = {team.id: team.name for team in ws.teams}
    return tuple(known.get(team_id, team_id) for team_id in team_ids)


@dataclass(frozen=True)
class Updated:
    goal: GoalLine
    previous: float


@dataclass(frozen=True)
class Listing:
    teams: tuple[str, ...]  # the names of the teams listed
    goals: tuple[GoalLine, ...]


@dataclass(kw_only=True)
class GoalService:
    """`/goal add|update|list`."""

    factory: SessionFactory
    workspace: WorkspaceSource
    outbox: Outbox
    events: Events = field(default_factory=NoEvents)  # App Home refreshes the sharers' views

    def add(self, cmd: AddGoal, *, by: str, now: datetime, key: str) -> GoalLine | None:
        """Store a goal and announce it in each sharing team's channel; None when this
        delivery (`key`) added it already.

        Raises:
            UserError: the caller is in no team and named none. Forbidden: the caller is in
                none of the named teams and is no admin.
        """
        ws = self.workspace()
        mine = [team.id for team in ws.teams_of(by)]
        teams = cmd.teams or tuple(mine)
        if not teams:
            known = ", ".join(f"`{team.id}`" for team in ws.teams) or "–"
            raise UserError("goal.error.no_team", known=known)
        if not ws.is_admin(by) and not set(teams) & set(mine):
            raise Forbidden("goal.error.not_member_add", teams=", ".join(_names(ws, teams)))
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            row = repo.add_if_absent(
                session,
                title=cmd.title,
                target=cmd.target,
                due=cmd.due,
                teams=teams,
                by=by,
                now=now,
                key=key,
            )
            if row is None:
                return None
            line = GoalLine(
                f"G-{row.id}", row.title, row.value, row.target, row.due, _names(ws, teams)
            )
            for team in self._teams(ws, teams):
                with speaking(team.language):  # each channel in its team's language
                    text = t("goal.post.added", by=by, line=goal_line(line))
                sends.add(
                    session, key=f"goal:{row.id}:added:{team.id}", channel=team.channel, text=text
                )
            data = {"goal": line.ref, "teams": list(teams), "by": by}
            event = Event("goal.added", f"goal-event:{row.id}:added", now, data)
            sends.keys += self.events.emit(session, event)
        sends.flush(self.outbox)
        return line

    def update(self, cmd: UpdateGoal, *, by: str, now: datetime, key: str) -> Updated | None:
        """Set a goal's current value and post it in each sharing team's channel; None when
        this delivery (`key`) updated it already.

        Raises:
            NotFound: no such goal. Forbidden: the caller is in none of its teams and is no
                admin.
        """
        ws = self.workspace()
        ref = f"G-{cmd.number}"
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            row = repo.get(session, cmd.number)
            if row is None:
                raise NotFound("goal.error.unknown", ref=ref)
            teams = repo.teams_of(session, [row.id]).get(row.id, ())
            names = _names(ws, teams)
            mine = {team.id for team in ws.teams_of(by)}
            if not ws.is_admin(by) and not mine & set(teams):
                raise Forbidden("goal.error.not_member_update", ref=ref, teams=", ".join(names))
            previous = repo.record_update(session, row, value=cmd.value, by=by, now=now, key=key)
            if previous is None:
                return None
            line = GoalLine(ref, row.title, row.value, row.target, row.due, names)
            for team in self._teams(ws, teams):
                with speaking(team.language):  # each channel in its team's language
                    text = t(
                        "goal.post.updated",
                        by=by,
                        ref=ref,
                        previous=number(previous),
                        value=number(cmd.value),
                        line=goal_line(line),
                    )
                sends.add(
                    session,
                    key=f"goal:{row.id}:update:{key}:{team.id}",
                    channel=team.channel,
                    text=text,
                )
            data = {"goal": ref, "teams": list(teams), "by": by}
            event = Event("goal.updated", f"goal-event:{row.id}:update:{key}", now, data)
            sends.keys += self.events.emit(session, event)
        sends.flush(self.outbox)
        return Updated(line, previous)

    def listing(self, user: str) -> Listing:
        """The goals of `user`'s teams; every goal for someone in no team (one read)."""
        ws = self.workspace()
        mine = [team.id for team in ws.teams_of(user)] or [team.id for team in ws.teams]
        with unit_of_work(self.factory, readonly=True) as session:
            found = repo.with_teams(session, mine)
        goals = tuple(
            GoalLine(f"G-{g.id}", g.title, g.value, g.target, g.due, _names(ws, teams))
            for g, teams in found
        )
        return Listing(_names(ws, mine), goals)

    @staticmethod
    def _teams(ws: WorkspaceConfig, team_ids: Sequence[str]) -> list[Team]:
        """The teams still in tandem.toml, in the given order."""
        known = {team.id: team for team in ws.teams}
        return [known[team_id] for team_id in team_ids if team_id in known]
