"""On-call rotations: who is on call with overrides, `/oncall override`, hand-off notices."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.availability import load_away
from bot.core.blocks.text import local_time, mention, slack_time
from bot.core.dates import parse_when, split_range
from bot.core.errors import Conflict, Forbidden, NotFound, UserError
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.sends import Sends
from bot.core.users import UserDirectory
from bot.core.workspace.model import Rotation, WorkspaceConfig
from bot.oncall.blocks import cover_request_message, cover_taken_message
from bot.oncall.presence import sync_usergroup
from bot.oncall.rota import (
    Duty,
    Handoff,
    Override,
    OverrideSet,
    Rota,
    RotationStatus,
)
from storage import deliveries
from storage import oncall as repo
from storage.db import SessionFactory, unit_of_work

# A hand-off missed while the clock was stopped is still announced this long afterwards.
CATCH_UP = timedelta(hours=2)
MAX_OVERRIDE = timedelta(days=90)
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>|([UW][A-Z0-9]{2,})")
_OVERRIDE_REF = re.compile(r"(?:[Oo]-)?(\d+)")
MAX_NOTE = 300
# How far ahead /oncall looks for away periods that change who is on call.
AWAY_AHEAD = timedelta(days=400)


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


def load_rotas(
    session: Session,
    ws: WorkspaceConfig,
    rotation_ids: Sequence[str],
    since: datetime,
    until: datetime,
    *,
    zones: Mapping[str, ZoneInfo] | None = None,
) -> dict[str, Rota]:
    """The rotations with their overrides (covers taken are overrides) and their members' away
    periods from `since` to `until`: ask the result who is on call when. One read for all.

    `zones` are the members' zones when the caller has them fresh from the user directory;
    else the directory's cache is read here."""
    rotations = {r.id: r for r in ws.rotations if r.id in rotation_ids}
    overrides = overrides_by_rotation(session, list(rotations), since)
    members = {user for r in rotations.values() for user in r.members}
    away = load_away(session, ws, members, since, until, zones=zones)
    return {rid: Rota(rotation, tuple(overrides[rid]), away) for rid, rotation in rotations.items()}


def duty_at(session: Session, ws: WorkspaceConfig, rotation_id: str, at: datetime) -> Duty | None:
    """Who is on call for `rotation_id` at `at` after overrides, covers and away; None when
    there is no such rotation."""
    rota = load_rotas(session, ws, [rotation_id], at, at).get(rotation_id)
    return rota.duty(at) if rota else None


def on_call_now(
    session: Session, workspace: WorkspaceConfig, rotation_id: str, at: datetime
) -> str | None:
    """Who is on call for `rotation_id` at `at` (see `duty_at`); None for nobody."""
    found = duty_at(session, workspace, rotation_id, at)
    return found.user if found else None


@dataclass(frozen=True)
class OverrideView:
    """A stored override, for `/oncall override list`."""

    id: int
    rotation: str
    user: str
    start: datetime
    end: datetime
    by: str


@dataclass(frozen=True)
class CoverAsked:
    """A cover request that was posted in `channel`."""

    id: int
    rotation: str
    channel: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class CoverTaken:
    """`user` took cover request `id`: override `override` puts them on call."""

    id: int
    rotation: str
    user: str
    requester: str
    start: datetime
    end: datetime
    override: int


def override_ref(override_id: int) -> str:
    return f"O-{override_id}"


def parse_override_ref(text: str) -> int:
    """`O-12` (or `o-12`, `12`) → 12.

    Raises:
        UserError: not an override id.
    """
    match = _OVERRIDE_REF.fullmatch(text.strip())
    if match is None:
        raise UserError("oncall.override_remove_malformed")
    return int(match[1])


class OnCallService:
    """Who is on call, overrides, cover requests, and hand-off announcements."""

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

    def _zones(self, ws: WorkspaceConfig) -> dict[str, ZoneInfo]:
        """Every rotation member's zone from the user directory (Slack only when stale)."""
        people = self.users.get_many({u for r in ws.rotations for u in r.members})
        return {user: person.tz for user, person in people.items()}

    def status(self, at: datetime) -> list[RotationStatus]:
        """Every rotation's current and next shift at `at`."""
        ws = self.workspace()
        zones = self._zones(ws)
        with unit_of_work(self.factory) as session:
            ids = [r.id for r in ws.rotations]
            rotas = load_rotas(session, ws, ids, at, at + AWAY_AHEAD, zones=zones)
        return [
            RotationStatus(r, ws.team(r.team).name, rotas[r.id].upcoming(at)) for r in ws.rotations
        ]

    def _rotation(self, ws: WorkspaceConfig, rotation_id: str) -> Rotation:
        try:
            return ws.rotation(rotation_id)
        except KeyError:
            known = ", ".join(f"`{r.id}`" for r in ws.rotations) or "-"
            raise NotFound("oncall.unknown_rotation", rotation=rotation_id, known=known) from None

    def _span(
        self, start_text: str, end_text: str, tz: ZoneInfo, now: datetime
    ) -> tuple[datetime, datetime]:
        start = parse_when(start_text, tz, now, allow_past=True)
        end = parse_when(end_text, tz, now)
        if end <= start:
            raise UserError("oncall.override_order", start=start_text.strip(), end=end_text.strip())
        if end <= now:
            raise UserError("oncall.override_past", end=end_text.strip())
        if end - start > MAX_OVERRIDE:
            raise UserError("oncall.override_too_long", days=MAX_OVERRIDE.days)
        return start, end

    @staticmethod
    def _refuse_overlap(
        session: Session, rotation: str, start: datetime, end: datetime, tz: ZoneInfo
    ) -> None:
        """Overrides of one rotation never overlap (README, Decisions)."""
        clash = repo.overlapping(session, rotation, start, end)
        if clash is not None:
            raise Conflict(
                "oncall.override_overlap",
                ref=override_ref(clash.id),
                user=clash.user_id,
                rotation=rotation,
                start=local_time(clash.starts_at, tz),
                end=local_time(clash.ends_at, tz),
            )

    def override(
        self, request: OverrideRequest, *, by: str, now: datetime, key: str
    ) -> OverrideSet | None:
        """Put `request.user` on call; None when this delivery was handled already.

        Raises:
            NotFound: no such rotation. Forbidden: `by` is neither its team's lead nor an
            admin. UserError: the times are unreadable, reversed, past or too far apart.
            Conflict: another override of the rotation overlaps the span.
        """
        ws = self.workspace()
        rotation = self._rotation(ws, request.rotation)
        team = ws.team(rotation.team)
        if by != team.lead and not ws.is_admin(by):
            raise Forbidden("oncall.override_forbidden", team=team.name, rotation=rotation.id)
        tz = self.users.tz(by)
        start, end = self._span(request.start, request.end, tz, now)
        self.users.require_active(request.user)
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            self._refuse_overlap(session, rotation.id, start, end, tz)
            row, previous = self._add_override(
                session, ws, rotation, request.user, start, end, by, now, sends
            )
        sends.flush(self.outbox)
        return OverrideSet(rotation.id, request.user, start, end, previous, row)

    def _add_override(
        self,
        session: Session,
        ws: WorkspaceConfig,
        rotation: Rotation,
        user: str,
        start: datetime,
        end: datetime,
        by: str,
        now: datetime,
        sends: Sends,
    ) -> tuple[int, str | None]:
        """Store the override and DM the incoming and displaced people; (its id, who the
        rotation had on call at `start` before it)."""
        rota = load_rotas(session, ws, [rotation.id], start, end)[rotation.id]
        previous = rota.duty(start).user
        displaced = {previous} | {h.new for h in rota.handoffs(start, end)}
        row = repo.add(
            session, rotation_id=rotation.id, user_id=user, start=start, end=end, by=by, now=now
        )
        self.sync_presence(session, ws, rotation, now, sends)
        times = {
            "rotation": rotation.id,
            "start": slack_time(start, ws.timezone),
            "end": slack_time(end, ws.timezone),
            "by": by,
            "user": user,
        }
        if user != by:
            sends.add(
                session,
                key=f"override:{row.id}:{user}",
                channel=user,
                text=t("oncall.override_dm_new", **times),
            )
        for other in sorted(u for u in displaced if u and u != user):
            sends.add(
                session,
                key=f"override:{row.id}:{other}",
                channel=other,
                text=t("oncall.override_dm_old", **times),
            )
        return row.id, previous

    def list_overrides(self, rotation_id: str, now: datetime) -> list[OverrideView]:
        """Overrides running now or later, of one rotation (or all), by start time."""
        ws = self.workspace()
        ids = [self._rotation(ws, rotation_id).id] if rotation_id else [r.id for r in ws.rotations]
        with unit_of_work(self.factory, readonly=True) as session:
            rows = repo.ending_after(session, ids, now)
            found = [
                OverrideView(r.id, r.rotation_id, r.user_id, r.starts_at, r.ends_at, r.created_by)
                for r in rows
            ]
        return sorted(found, key=lambda o: (o.start, o.id))

    def remove_override(
        self, text: str, *, by: str, now: datetime, key: str
    ) -> OverrideView | None:
        """`/oncall override remove O-N`: the rotation team's lead, an admin or the person
        covering may; None when this delivery was handled already.

        Raises:
            UserError: not an override id. NotFound: no such override. Forbidden: anyone else.
        """
        override_id = parse_override_ref(text)
        ws = self.workspace()
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            row = repo.get(session, override_id)
            if row is None:
                raise NotFound("oncall.override_unknown", ref=override_ref(override_id))
            team = next((ws.team(r.team) for r in ws.rotations if r.id == row.rotation_id), None)
            allowed = by == row.user_id or ws.is_admin(by) or (team is not None and by == team.lead)
            if not allowed:
                raise Forbidden(
                    "oncall.override_remove_forbidden",
                    ref=override_ref(override_id),
                    user=row.user_id,
                    team=team.name if team else row.rotation_id,
                )
            view = OverrideView(
                row.id, row.rotation_id, row.user_id, row.starts_at, row.ends_at, row.created_by
            )
            repo.remove(session, override_id)
            removed_from = next((r for r in ws.rotations if r.id == row.rotation_id), None)
            if removed_from is not None:
                self.sync_presence(session, ws, removed_from, now, sends)
            if row.user_id != by:
                sends.add(
                    session,
                    key=f"override_removed:{row.id}:{row.user_id}",
                    channel=row.user_id,
                    text=t(
                        "oncall.override_removed_dm",
                        by=by,
                        ref=override_ref(row.id),
                        rotation=row.rotation_id,
                        start=slack_time(row.starts_at, ws.timezone),
                        end=slack_time(row.ends_at, ws.timezone),
                    ),
                )
        sends.flush(self.outbox)
        return view

    # --- cover requests ----------------------------------------------------------------------

    def ask_cover(self, text: str, *, by: str, now: datetime, key: str) -> CoverAsked | None:
        """`/oncall cover ROTATION FROM to TO [NOTE]`: post a request with a *Take* button in
        the rotation's team channel; None when this delivery was handled already.

        Raises:
            UserError: malformed or bad times. NotFound: no such rotation. Forbidden: `by`
            is not a member of the rotation.
        """
        rotation_id, _, rest = text.strip().partition(" ")
        span = split_range(rest)
        if not rotation_id or span is None:
            raise UserError("oncall.cover_malformed")
        ws = self.workspace()
        rotation = self._rotation(ws, rotation_id)
        if by not in rotation.members:
            raise Forbidden("oncall.cover_not_member_ask", rotation=rotation.id)
        tz = self.users.tz(by)
        end_text, note = _split_note(span[1], tz, now)
        start, end = self._span(span[0], end_text, tz, now)
        if len(note) > MAX_NOTE:
            raise UserError("oncall.cover_note_too_long", limit=MAX_NOTE)
        channel = ws.team(rotation.team).channel
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            row = repo.add_cover(
                session,
                key=key,
                rotation_id=rotation.id,
                requested_by=by,
                start=start,
                end=end,
                note=note,
                now=now,
            )
            if row is None:
                return None
            with speaking(ws.language_of(rotation.team)):  # the team channel's language
                message = cover_request_message(
                    row.id,
                    rotation.id,
                    by,
                    slack_time(start, ws.timezone),
                    slack_time(end, ws.timezone),
                    note,
                )
            sends.add(
                session,
                key=f"cover:{row.id}",
                channel=channel,
                text=message.text,
                blocks=message.blocks,
            )
            asked = CoverAsked(row.id, rotation.id, channel, start, end)
        sends.flush(self.outbox)
        return asked

    def take_cover(self, cover_id: int, *, by: str, now: datetime, key: str) -> CoverTaken | None:
        """*Take* on a cover request: the first other member of the rotation gets an override
        for its span (a conditional update decides who was first, so two clicks at once make
        one override); None when this click was handled already.

        Raises:
            NotFound: no such request. UserError: it is the taker's own request, or its time
            is over. Forbidden: not a member of the rotation. Conflict: taken already, or an
            override of the rotation overlaps its span.
        """
        ws = self.workspace()
        tz = self.users.tz(by)
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            cover = repo.get_cover(session, cover_id)
            if cover is None:
                raise NotFound("oncall.cover_unknown")
            try:
                rotation = ws.rotation(cover.rotation_id)
            except KeyError:
                raise NotFound("oncall.cover_unknown") from None
            if by == cover.requested_by:
                raise UserError("oncall.cover_own")
            if by not in rotation.members:
                raise Forbidden("oncall.cover_not_member", rotation=rotation.id)
            if cover.taken_by is not None:
                raise Conflict("oncall.cover_taken", user=cover.taken_by)
            if cover.ends_at <= now:
                raise UserError("oncall.cover_over")
            if not deliveries.claim(session, key, now):
                return None
            if not repo.take_cover(session, cover.id, by, now):
                first = repo.get_cover(session, cover.id)
                raise Conflict("oncall.cover_taken", user=first.taken_by if first else "-")
            start = max(cover.starts_at, now)
            self._refuse_overlap(session, rotation.id, start, cover.ends_at, tz)
            override_id, _ = self._add_override(
                session, ws, rotation, by, start, cover.ends_at, by, now, sends
            )
            cover = repo.get_cover(session, cover_id)
            assert cover is not None
            cover.override_id = override_id
            times = {
                "start": slack_time(start, ws.timezone),
                "end": slack_time(cover.ends_at, ws.timezone),
            }
            with speaking(ws.language_of(rotation.team)):  # the team channel's language
                message = cover_taken_message(
                    rotation.id, cover.requested_by, by, times["start"], times["end"], cover.note
                )
            sends.add(
                session,
                key=f"cover:{cover.id}:taken",
                channel=ws.team(rotation.team).channel,
                text=message.text,
                blocks=message.blocks,
                target_key=f"cover:{cover.id}",
                op="update",
            )
            sends.add(
                session,
                key=f"cover:{cover.id}:requester",
                channel=cover.requested_by,
                text=t(
                    "oncall.cover_taken_dm",
                    user=by,
                    rotation=rotation.id,
                    ref=override_ref(override_id),
                    **times,
                ),
            )
            done = CoverTaken(
                cover.id, rotation.id, by, cover.requested_by, start, cover.ends_at, override_id
            )
        sends.flush(self.outbox)
        return done

    # --- hand-offs ---------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Announce hand-offs: in the team channel once they happen, and by DM to the incoming
        person `handoff_notice` ahead. Keys on rotation and boundary make each happen once.
        Hand-offs follow overrides, covers and away periods (an implicit cover is named)."""
        ws = self.workspace()
        if not ws.rotations:
            return
        sends = Sends(now)
        notice_max = max((r.handoff_notice for r in ws.rotations), default=timedelta(0))
        with unit_of_work(self.factory) as session:
            ids = [r.id for r in ws.rotations]
            since = now - CATCH_UP
            until = now + max(notice_max, timedelta(0)) + AWAY_AHEAD
            # Zones from the user directory's cache: a tick asks Slack nothing for hand-offs.
            rotas = load_rotas(session, ws, ids, since, until)
            for rotation in ws.rotations:
                rota = rotas[rotation.id]
                notice = max(rotation.handoff_notice, timedelta(0))
                for change in rota.handoffs(since, now + notice):
                    if change.new is not None:
                        self._announce(session, ws, rota, change, now, sends)
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
        rota: Rota,
        change: Handoff,
        now: datetime,
        sends: Sends,
    ) -> None:
        assert change.new is not None
        rotation = rota.rotation
        end = rota.upcoming(change.at, count=1)[0].end
        params = {
            "rotation": rotation.id,
            "new": mention(change.new, t("oncall.nobody")),
            "old": mention(change.old, t("oncall.nobody")),
            "start": slack_time(change.at, ws.timezone),
            "end": slack_time(end, ws.timezone) if end else "",
        }
        stamp = change.at.isoformat()
        why = ""
        if change.covers:
            why = " " + t("oncall.handoff_covers", user=mention(change.covers, ""))
        elif change.all_away:
            why = " " + t("oncall.handoff_all_away")
        if change.at <= now:
            sends.add(
                session,
                key=f"handoff:{rotation.id}:{stamp}",
                channel=ws.team(rotation.team).channel,
                text=t("oncall.handoff" if end else "oncall.handoff_open", **params) + why,
            )
        sends.add(
            session,
            key=f"handoff:{rotation.id}:{stamp}:{change.new}",
            channel=change.new,
            text=t("oncall.handoff_dm" if end else "oncall.handoff_dm_open", **params) + why,
        )


def _split_note(text: str, tz: ZoneInfo, now: datetime) -> tuple[str, str]:
    """ "friday 5pm dentist" → ("friday 5pm", "dentist"): the longest leading phrase that reads
    as a time is TO, the rest is the note."""
    words = text.split()
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        try:
            parse_when(phrase, tz, now, allow_past=True)
        except UserError:
            continue
        return phrase, " ".join(words[count:])
    return text, ""
