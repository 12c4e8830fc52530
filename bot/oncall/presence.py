"""On-call presence: a rotation's Slack user group kept equal to whoever is on call.

The membership is sent through the outbox like any message (op `usergroup`), so it is retried
until Slack takes it and never lost. Each change is keyed by the group's previous membership
row and the new member: two ticks (or a tick and an override) that see the same change write
one row, and a change already queued or sent is never queued again.
"""

from __future__ import annotations

import logging

from sqlalchemy.orm import Session

from bot.core.outbox import USERGROUP_OP
from bot.core.sends import Sends
from bot.core.workspace.model import Rotation
from storage import outbox as outbox_repo

log = logging.getLogger(__name__)


def sync_usergroup(session: Session, rotation: Rotation, user: str | None, sends: Sends) -> bool:
    """Queue `user` as the whole membership of the rotation's user group, unless it already is
    (or is on its way); True when a change was queued.

    Nobody on call leaves the group as it is: Slack refuses an empty member list.
    """
    group = rotation.usergroup
    if group is None:
        return False
    if user is None:
        log.info("nobody on call; user group left as it is", extra={"rotation": rotation.id})
        return False
    last = outbox_repo.latest_of(session, USERGROUP_OP, group)
    if last is not None and last.text == user:
        return False
    key = f"usergroup:{group}:{last.id if last else 0}:{user}"
    sends.add(session, key=key, channel=group, text=user, op=USERGROUP_OP)
    return True
