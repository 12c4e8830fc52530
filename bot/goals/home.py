"""App Home's *Your teams' goals* section: a callable App Home calls with the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.core.ports import WorkspaceSource
from bot.goals.blocks import GoalLine, home_blocks
from storage import goals as repo
from storage.db import SessionFactory, unit_of_work

MAX_GOALS = 10


class Viewer(Protocol):
    """Who App Home is drawn for (bot.home's HomeData has these)."""

    @property
    def user(self) -> str: ...

    @property
    def now(self) -> datetime: ...


@dataclass(kw_only=True)
class GoalsHomeSection:
    """The viewer's teams' goals not yet past their due date, oldest first (two statements)."""

    factory: SessionFactory
    workspace: WorkspaceSource

    def __call__(self, data: Viewer) -> list[Any]:
        ws = self.workspace()
        mine = [team.id for team in ws.teams_of(data.user)]
        if not mine:
            return []
        names = {team.id: team.name for team in ws.teams}
        today = data.now.astimezone(ws.timezone).date()
        with unit_of_work(self.factory, readonly=True) as session:
            found = repo.with_teams(session, mine, due_from=today)
        goals = [
            GoalLine(
                f"G-{g.id}",
                g.title,
                g.value,
                g.target,
                g.due,
                tuple(names.get(team, team) for team in teams),
            )
            for g, teams in found
        ]
        return home_blocks(goals, MAX_GOALS)
