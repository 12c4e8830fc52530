"""Who a policy's targets mean at a given moment: the owner, a team lead, whoever is on call."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.orm import Session

from bot.core.workspace.model import Team, WorkspaceConfig
from bot.oncall.service import on_call_now
from storage.escalations import EscalationRun


def find_team(ws: WorkspaceConfig, team_id: str | None) -> Team | None:
    return next((team for team in ws.teams if team.id == team_id), None)


def resolve_targets(
    session: Session, ws: WorkspaceConfig, run: EscalationRun, targets: Iterable[str], now: datetime
) -> list[str]:
    """The people `targets` resolve to at `now`, in order, each once (rule 2)."""
    found: list[str] = []
    for target in targets:
        kind, _, ref = target.partition(":")
        user: str | None
        if target == "owner":
            user = run.subject_owner
        elif kind == "lead":
            user = team.lead if (team := find_team(ws, ref)) else None
        elif kind == "rotation":
            user = on_call_now(session, ws, ref, now)
        else:
            user = target
        if user and user not in found:
            found.append(user)
    return found
