"""Who a policy's targets mean at a given moment: the owner, a team lead, whoever is on call.

Nobody is paged while away (the availability model of `bot.core.availability`): a rotation
already resolves to whoever covers, and a level's other people who are away are skipped,
unless nobody else is left at that level; then they are paged anyway and the run's thread
says so (README, Decisions)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.availability import load_away
from bot.core.workspace.model import Team, WorkspaceConfig
from bot.oncall.service import duty_at
from storage.escalations import EscalationRun


def find_team(ws: WorkspaceConfig, team_id: str | None) -> Team | None:
    return next((team for team in ws.teams if team.id == team_id), None)


@dataclass(frozen=True)
class Targets:
    """`page`: the people to page, in order, each once. `skipped`: named but away, not paged.
    `all_away`: everyone the level names is away, so `page` are away people paged anyway."""

    page: list[str]
    skipped: list[str]
    all_away: bool = False


def resolve_targets(
    session: Session, ws: WorkspaceConfig, run: EscalationRun, targets: Iterable[str], now: datetime
) -> Targets:
    """The people `targets` resolve to at `now` (rule 2), away people left out."""
    found: list[str] = []
    for target in targets:
        kind, _, ref = target.partition(":")
        user: str | None
        if target == "owner":
            user = run.subject_owner
        elif kind == "lead":
            user = team.lead if (team := find_team(ws, ref)) else None
        elif kind == "rotation":
            duty = duty_at(session, ws, ref, now)
            user = duty.user if duty else None
        else:
            user = target
        if user and user not in found:
            found.append(user)
    if not found:
        return Targets([], [])
    away = load_away(session, ws, found, now, now)
    here = [user for user in found if not away.is_away(user, now)]
    if not here:
        return Targets(found, [], all_away=True)
    return Targets(here, [user for user in found if user not in here])
