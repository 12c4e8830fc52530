"""Who may change a risk: its owner, the lead of its team, and admins."""

from __future__ import annotations

from bot.core.errors import Forbidden
from bot.core.messages import t
from bot.core.workspace.model import WorkspaceConfig
from storage.risks import Risk


def may_manage(workspace: WorkspaceConfig, user: str, risk: Risk) -> bool:
    """The owner, the lead of the risk's team and admins may change a risk."""
    if user == risk.owner or workspace.is_admin(user):
        return True
    return any(team.id == risk.team for team in workspace.teams_led_by(user))


def require_manage(workspace: WorkspaceConfig, user: str, risk: Risk) -> None:
    """Raises Forbidden, naming who may, unless `user` may change `risk`."""
    if may_manage(workspace, user, risk):
        return
    team = next((x for x in workspace.teams if x.id == risk.team), None)
    who = [t("risk.error.forbidden_who_owner", owner=risk.owner)]
    if team is not None:
        who.append(t("risk.error.forbidden_who_lead", team=team.name, lead=team.lead))
    who.append(t("risk.error.forbidden_who_admin"))
    raise Forbidden("risk.error.forbidden", who=", ".join(who), ref=risk.ref)


def default_team(workspace: WorkspaceConfig, owner: str) -> str | None:
    """The owner's team when they belong to exactly one."""
    teams = [x.id for x in workspace.teams if owner in (*x.members, x.lead)]
    return teams[0] if len(teams) == 1 else None
