"""On-call rotations: who is on call with overrides, `/oncall override`, hand-off notices."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.blocks.text import mention, slack_time
from bot.core.dates import parse_when, split_range
from bot.core.errors import Forbidden, NotFound, UserError
from bot.core.messages import t
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.sends import Sends
from bot.core.users import UserDirectory
from bot.core.workspace.model import Rotation, WorkspaceConfig
from bot.oncall.presence import sync_usergroup
from bot.oncall.rota import (
    Handoff,
    Override,
    OverrideSet,
    RotationStatus,
    handoffs,
    on_call,
    upcoming,
)
from storage import deliveries
from storage import oncall as repo
from storage.db import SessionFactory, unit_of_work

# A hand-off missed while the clock was stopped is still announced this long afterwards.
CATCH_UP = timedelta(hours=2)
MAX_OVERRIDE = timedelta(days=90)
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|([UW][A-Z0-9]{2,})")


@dataclass(frozen=True)
class OverrideRequest:
    """`/oncall override ROTATION @user FROM to TO`, split but not yet interpreted."""

    rotation: str
    user: str
    start: str
    end: str


def parse_override(text: str) -> OverrideRequest:
    """Split the text after `/oncall override`.

    Raises:
        UserError: a part is missing or the person is not a mention.
    """
    parts = text.split(maxsplit=2)
    user = _USER.fullmatch(parts[1]) if len(parts) == 3 else None
    span = split_range(parts[2]) if len(parts) == 3 else None
    if user is None or span is None:
        raise UserError("oncall.override_malformed")
    return OverrideRequest(parts[0], user[1] or user[2], span[0], span[1])


def overrides_by_rotation(
    session: Session, rotation_ids: Sequence[str], since: datetime
) -> dict[str, list[Override]]:
    """Overrides running at or after `since`, per rotation, oldest first (one query)."""
    found: dict[str, list[Override]] = {rotation_id: [] for rotation_id in rotation_ids}
    for row in repo.ending_after(session, rotation_ids, since):
        found[row.rotation_id].append(Override(row.user_id, row.starts_at, row.ends_at))
    return found


def on_call_now(
    session: Session, workspace: WorkspaceConfig, rotation_id: str, at: datetime
) -> str | None:
    """Who is on call for `rotation_id` at `at`, overrides included; None for nobody."""
    try:
        rotation = workspace.rotation(rotation_id)
    except KeyError:
        return None
    return on_call(rotation, overrides_by_rotation(session, [rotation_id], at)[rotation_id], at)


class OnCallService:
    """Who is on call, overrides, and hand-off announcements."""

    def __init__(
        self,
        *,
        factory: SessionFactory,
        outbox: Outbox,
        users: UserDirectory,
        workspace: WorkspaceSource,
    ) -> None:
        self.factory = factory
        self.outbox = outbox
        self.users = users
        self.workspace = workspace

    def status(self, at: datetime) -> list[RotationStatus]:
        """Every rotation's current and next shift at `at`."""
        ws = self.workspace()
        with unit_of_work(self.factory) as session:
            overrides = overrides_by_rotation(session, [r.id for r in ws.rotations], at)
        return [
            RotationStatus(r, ws.team(r.team).name, upcoming(r, overrides[r.id], at))
            for r in ws.rotations
        ]

    def override(
        self, request: OverrideRequest, *, by: str, now: datetime, key: str
    ) -> OverrideSet | None:
        """Put `request.user` on call; None when this delivery was handled already.

        Raises:
            NotFound: no such rotation. Forbidden: `by` is neither its team's lead nor an
            admin. UserError: the times are unreadable, reversed, past or too far apart.
        """
        ws = self.workspace()
        try:
            rotation = ws.rotation(request.rotation)
        except KeyError:
            known = ", ".join(f"`{r.id}`" for r in ws.rotations) or "-"
            raise NotFound(
                "oncall.unknown_rotation", rotation=request.rotation, known=known
            ) from None
        team = ws.team(rotation.team)
        if by != team.lead and not ws.is_admin(by):
            raise Forbidden("oncall.override_forbidden", team=team.name, rotation=rotation.id)
        tz = self.users.tz(by)
        start = parse_when(request.start, tz, now, allow_past=True)
        end = parse_when(request.end, tz, now)
        if end <= start:
            raise UserError(
                "oncall.override_order", start=request.start.strip(), end=request.end.strip()
            )
        if end <= now:
            raise UserError("oncall.override_past", end=request.end.strip())
        if end - start > MAX_OVERRIDE:
            raise UserError("oncall.override_too_long", days=MAX_OVERRIDE.days)
        self.users.require_active(request.user)
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            overrides = overrides_by_rotation(session, [rotation.id], start)[rotation.id]
            previous = on_call(rotation, overrides, start)
            displaced = {previous} | {h.new for h in handoffs(rotation, overrides, start, end)}
            row = repo.add(
                session,
                rotation_id=rotation.id,
                user_id=request.user,
                start=start,
                end=end,
                by=by,
                now=now,
            )
            self.sync_presence(session, ws, rotation, now, sends)
            times = {
                "rotation": rotation.id,
                "start": slack_time(start, ws.timezone),
                "end": slack_time(end, ws.timezone),
                "by": by,
                "user": request.user,
            }
            sends.add(
                session,
                key=f"override:{row.id}:{request.user}",
                channel=request.user,
                text=t("oncall.override_dm_new", **times),
            )
            for user in sorted(u for u in displaced if u and u != request.user):
                sends.add(
                    session,
                    key=f"override:{row.id}:{user}",
                    channel=user,
                    text=t("oncall.override_dm_old", **times),
                )
        sends.flush(self.outbox)
        return OverrideSet(rotation.id, request.user, start, end, previous)

    def tick(self, now: datetime) -> None:
        """Announce hand-offs: in the team channel once they happen, and by DM to the incoming
        person `handoff_notice` ahead. Keys on rotation and boundary make each happen once."""
        ws = self.workspace()
        if not ws.rotations:
            return
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            ids = [r.id for r in ws.rotations]
            overrides = overrides_by_rotation(session, ids, now - CATCH_UP)
            for rotation in ws.rotations:
                notice = max(rotation.handoff_notice, timedelta(0))
                upcoming_changes = handoffs(
                    rotation, overrides[rotation.id], now - CATCH_UP, now + notice
                )
                for change in upcoming_changes:
                    if change.new is not None:
                        self._announce(
                            session, ws, rotation, overrides[rotation.id], change, now, sends
                        )
                self.sync_presence(session, ws, rotation, now, sends)

    def sync_presence(
        self, session: Session, ws: WorkspaceConfig, rotation: Rotation, now: datetime, sends: Sends
    ) -> None:
        """Keep the rotation's user group equal to whoever is on call at `now`: called by the
        tick (hand-offs) and by every change of who is on call (overrides, covers)."""
        if rotation.usergroup is not None:
            sync_usergroup(session, rotation, on_call_now(session, ws, rotation.id, now), sends)

    def _announce(
        self,
        session: Session,
        ws: WorkspaceConfig,
        rotation: Rotation,
        overrides: list[Override],
        change: Handoff,
        now: datetime,
        sends: Sends,
    ) -> None:
        assert change.new is not None
        end = upcoming(rotation, overrides, change.at, count=1)[0].end
        params = {
            "rotation": rotation.id,
            "new": mention(change.new, t("oncall.nobody")),
            "old": mention(change.old, t("oncall.nobody")),
            "start": slack_time(change.at, ws.timezone),
            "end": slack_time(end, ws.timezone) if end else "",
        }
        stamp = change.at.isoformat()
        if change.at <= now:
            sends.add(
                session,
                key=f"handoff:{rotation.id}:{stamp}",
                channel=ws.team(rotation.team).channel,
                text=t("oncall.handoff" if end else "oncall.handoff_open", **params),
            )
        sends.add(
            session,
            key=f"handoff:{rotation.id}:{stamp}:{change.new}",
            channel=change.new,
            text=t("oncall.handoff_dm" if end else "oncall.handoff_dm_open", **params),
        )
