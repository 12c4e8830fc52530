"""The on-call calendar: a rotation's next 8 weeks of shifts as an iCalendar feed, and the
private link `/oncall calendar` gives to it.

Who is on call at each instant is asked of `on_call_now` (the same answer `/oncall`, pages and
the user group get, overrides, covers and away included), at every instant where the answer
can change: the rotation's boundaries, override edges, and the midnights that start and end
away periods and team holidays. Consecutive instants with the same person are one shift.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import quote
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from sqlalchemy.orm import Session

from bot.core.errors import NotFound
from bot.core.messages import t
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.core.workspace.model import Rotation
from bot.oncall.rota import Shift, boundary, shift_index
from bot.oncall.service import on_call_now, overrides_by_rotation
from storage.db import SessionFactory, unit_of_work
from storage.standups.reads import away_between

HORIZON = timedelta(weeks=8)
PRODUCT_ID = "-//Tandem//On-call calendar//EN"


def feed_token(secret: str, rotation_id: str) -> str:
    """The token of a rotation's feed: HMAC-SHA256 of its id under the signing secret, so it
    needs no storage and a new signing secret revokes every link."""
    digest = hmac.new(secret.encode(), f"calendar:{rotation_id}".encode(), hashlib.sha256)
    return digest.hexdigest()[:32]


def _midnights(days: Iterable[date], zones: Iterable[ZoneInfo]) -> set[datetime]:
    zones = list(zones)
    return {datetime.combine(day, time(0), tzinfo=zone) for day in days for zone in zones}


@dataclass(kw_only=True)
class CalendarFeed:
    """Shifts ahead per rotation, their iCalendar feed, and the links to it."""

    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    secret: str = field(repr=False)

    def rotation(self, rotation_id: str) -> Rotation:
        """Raises NotFound for a rotation tandem.toml does not define."""
        ws = self.workspace()
        try:
            return ws.rotation(rotation_id)
        except KeyError:
            known = ", ".join(f"`{r.id}`" for r in ws.rotations) or "-"
            raise NotFound("oncall.unknown_rotation", rotation=rotation_id, known=known) from None

    def links(self, base_url: str, rotation_id: str | None) -> list[tuple[str, str]]:
        """(rotation, private feed URL) for one rotation, or for every one when None.

        Raises:
            NotFound: no such rotation, or no rotations at all.
        """
        if rotation_id is not None:
            rotations = [self.rotation(rotation_id)]
        else:
            rotations = list(self.workspace().rotations)
            if not rotations:
                raise NotFound("oncall.none_configured")
        base = base_url.rstrip("/")
        return [
            (r.id, f"{base}/calendar/{quote(r.id)}.ics?token={feed_token(self.secret, r.id)}")
            for r in rotations
        ]

    def shifts(self, rotation_id: str, now: datetime) -> list[Shift]:
        """The shifts from the one running at `now` (from its scheduled start) to 8 weeks on;
        gaps where nobody is on call are left out."""
        ws = self.workspace()
        rotation = self.rotation(rotation_id)
        start = min(now, boundary(rotation, shift_index(rotation, now)))
        until = now + HORIZON
        # Away periods are local dates: they start and end at midnight in someone's zone.
        people = self.users.get_many(rotation.members) if rotation.members else {}
        zones = {ws.timezone, *(team.timezone for team in ws.teams)}
        zones.update(person.tz for person in people.values())
        with unit_of_work(self.factory, readonly=True) as session:
            points = sorted(self._points(session, rotation, zones, start, until))
            found: list[Shift] = []
            for point in (p for p in points if start <= p < until):
                user = on_call_now(session, ws, rotation.id, point)
                if found and found[-1].user == user:
                    continue
                if found:
                    found[-1] = Shift(found[-1].user, found[-1].start, point)
                found.append(Shift(user, point, None))
        if found:
            found[-1] = Shift(found[-1].user, found[-1].start, until)
        return [shift for shift in found if shift.user is not None]

    def _points(
        self,
        session: Session,
        rotation: Rotation,
        zones: set[ZoneInfo],
        start: datetime,
        until: datetime,
    ) -> set[datetime]:
        """Every instant (UTC) around [start, until) at which who is on call may change."""
        ws = self.workspace()
        points = {start}
        if rotation.members:
            index = shift_index(rotation, start) + 1
            while (point := boundary(rotation, index)) < until:
                points.add(point)
                index += 1
        for override in overrides_by_rotation(session, [rotation.id], start)[rotation.id]:
            points.update((override.start, override.end))
        first, last = start.date() - timedelta(days=1), until.date() + timedelta(days=1)
        for away in away_between(session, first, last, list(rotation.members)):
            points.update(_midnights((away.start, away.end + timedelta(days=1)), zones))
        holidays = [day for team in ws.teams for day in team.holidays if first <= day <= last]
        points.update(_midnights(holidays, zones))
        points.update(_midnights((d + timedelta(days=1) for d in holidays), zones))
        return {point.astimezone(UTC) for point in points}

    def ics(self, rotation_id: str, token: str, now: datetime) -> bytes | None:
        """The feed, or None for an unknown rotation or a wrong token (the route's 404)."""
        ws = self.workspace()
        if not any(r.id == rotation_id for r in ws.rotations):
            return None
        if not hmac.compare_digest(token, feed_token(self.secret, rotation_id)):
            return None
        shifts = self.shifts(rotation_id, now)
        people = self.users.get_many({s.user for s in shifts if s.user})
        calendar = Calendar()
        calendar.add("prodid", PRODUCT_ID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", t("oncall.calendar_name", rotation=rotation_id))
        for shift in shifts:
            assert shift.user is not None
            assert shift.end is not None
            name = people[shift.user].name if shift.user in people else shift.user
            event = Event()
            event.add("uid", f"{rotation_id}-{int(shift.start.timestamp())}@tandem")
            event.add("dtstamp", now)
            event.add("dtstart", shift.start)
            event.add("dtend", shift.end)
            event.add("summary", t("oncall.calendar_event", name=name, rotation=rotation_id))
            event.add("description", t("oncall.calendar_detail", user=shift.user))
            calendar.add_component(event)
        return bytes(calendar.to_ical())
