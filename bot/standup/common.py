"""Small helpers the stand-up services share."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.core.outbox import Outbox
from bot.core.users import Person
from bot.core.workspace.model import Standup, WorkspaceConfig


def standup_config(workspace: WorkspaceConfig, standup_id: str) -> Standup | None:
    try:
        return workspace.standup(standup_id)
    except KeyError:  # removed from tandem.toml since the prompt was sent
        return None


def display_name(workspace: WorkspaceConfig, standup_id: str, team_id: str) -> str:
    """What people see: the team's name (the stand-up id if the team is gone)."""
    try:
        return workspace.team(team_id).name
    except KeyError:
        return standup_id


def usable(person: Person) -> bool:
    """Only active people whose zone we know are asked anything (Slack down: next tick)."""
    return person.known and not person.deleted and not person.is_bot


def who(user_id: str, mention: bool, names: dict[str, str]) -> str:
    """A mention, or the person's name when the stand-up is configured not to ping."""
    return f"<@{user_id}>" if mention else names.get(user_id, user_id)


def flush(outbox: Outbox, keys: Sequence[str], now: datetime) -> None:
    """Send what a committed unit of work queued, at once."""
    if keys:
        outbox.flush(now, keys=list(keys))
