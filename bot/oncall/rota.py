"""Who is on call: rotation arithmetic with overrides on top. Pure: no I/O, no clock.

A rotation hands over every `length` from `start`, counted in wall-clock time in the zone of
`start` (the file's zone), so a weekly 10:00 hand-off stays at 10:00 across DST changes.
Overrides are applied on top (they never overlap: `/oncall override` refuses that; should
two, the later one in the sequence wins). While the scheduled person is away (an
`AwayCalendar`), the next member in rotation order who is not away covers; with everybody
away the scheduled person stays on call. An override wins even over an away period.

`duty` is the one answer to "who is on call for this rotation at t": `/oncall`, hand-off
notices, escalation targets and the calendar all go through it (or `handoffs`/`upcoming`,
which are built on it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.away import AwayCalendar
from bot.core.workspace.model import Rotation


@dataclass(frozen=True)
class Override:
    """`user` is on call from `start` (inclusive) to `end` (exclusive)."""

    user: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Duty:
    """Who is on call at one instant, and why.

    `scheduled` is who the schedule or an override names; `user` differs from it only when
    `scheduled` is away and `user` covers (`covers` then names `scheduled`). `all_away`: every
    member is away, so `scheduled` stays on call although away."""

    user: str | None
    scheduled: str | None = None
    covers: str | None = None
    all_away: bool = False
    override: bool = False


@dataclass(frozen=True)
class Handoff:
    """At `at` the on-call person changes from `old` to `new` (None: nobody)."""

    at: datetime
    old: str | None
    new: str | None
    covers: str | None = None  # `new` covers for this away person
    all_away: bool = False


@dataclass(frozen=True)
class Shift:
    """`user` is on call from `start` until `end` (None: no change within the horizon)."""

    user: str | None
    start: datetime
    end: datetime | None
    covers: str | None = None  # `user` covers for this away person
    all_away: bool = False


def boundary(rotation: Rotation, index: int) -> datetime:
    """The instant shift `index` starts (shift 0 starts at `rotation.start`), in UTC."""
    return (rotation.start + index * rotation.length).astimezone(UTC)


def shift_index(rotation: Rotation, at: datetime) -> int:
    """The number of the scheduled shift running at `at` (negative before the start)."""
    index = (at - rotation.start) // rotation.length
    while boundary(rotation, index + 1) <= at:
        index += 1
    while boundary(rotation, index) > at:
        index -= 1
    return index


def scheduled(rotation: Rotation, at: datetime) -> str | None:
    """Who the rotation itself puts on call at `at`, ignoring overrides.

    Nobody before `start`: the file's first hand-off is when the rotation begins.
    """
    index = shift_index(rotation, at)
    if not rotation.members or index < 0:
        return None
    return rotation.members[index % len(rotation.members)]


def duty(
    rotation: Rotation,
    overrides: Sequence[Override],
    at: datetime,
    away: AwayCalendar | None = None,
) -> Duty:
    """Who is on call at `at`: the latest override covering it; else the schedule, with the
    next member who is not away covering for a scheduled person who is away."""
    for override in reversed(overrides):
        if override.start <= at < override.end:
            return Duty(override.user, override.user, override=True)
    index = shift_index(rotation, at)
    if not rotation.members or index < 0:
        return Duty(None)
    members = rotation.members
    first = index % len(members)
    person = members[first]
    if away is None or not away.is_away(person, at):
        return Duty(person, person)
    for step in range(1, len(members)):
        other = members[(first + step) % len(members)]
        if other != person and not away.is_away(other, at):
            return Duty(other, person, covers=person)
    return Duty(person, person, all_away=True)


def on_call(
    rotation: Rotation,
    overrides: Sequence[Override],
    at: datetime,
    away: AwayCalendar | None = None,
) -> str | None:
    """Who is on call at `at` (see `duty`); None for nobody."""
    return duty(rotation, overrides, at, away).user


def handoffs(
    rotation: Rotation,
    overrides: Sequence[Override],
    since: datetime,
    until: datetime,
    away: AwayCalendar | None = None,
) -> list[Handoff]:
    """Every change of the on-call person in (since, until], overrides and away applied."""
    points: set[datetime] = set()
    if rotation.members:
        index = shift_index(rotation, since) + 1
        while (point := boundary(rotation, index)) <= until:
            points.add(point)
            index += 1
        if away is not None:
            points.update(away.edges(rotation.members, since, until))
    points.update(p for o in overrides for p in (o.start, o.end) if since < p <= until)
    current = on_call(rotation, overrides, since, away)
    changes = []
    for point in sorted(points):
        now = duty(rotation, overrides, point, away)
        if now.user != current:
            changes.append(
                Handoff(point.astimezone(UTC), current, now.user, now.covers, now.all_away)
            )
            current = now.user
    return changes


def horizon(
    rotation: Rotation,
    overrides: Sequence[Override],
    at: datetime,
    away: AwayCalendar | None = None,
) -> datetime:
    """Far enough ahead of `at` to see the next two changes, if there are any."""
    latest = max([at, *(o.end for o in overrides)])
    ahead = latest + rotation.length * (len(rotation.members) + 2)
    if away is not None and (edges := away.edges(rotation.members, at, ahead)):
        ahead = max(ahead, edges[-1] + rotation.length * (len(rotation.members) + 2))
    return ahead


def upcoming(
    rotation: Rotation,
    overrides: Sequence[Override],
    at: datetime,
    count: int = 2,
    away: AwayCalendar | None = None,
) -> list[Shift]:
    """The shift running at `at` (its start given as `at`), then the next ones: `count` at most.

    Fewer are returned when nobody else comes on call within the horizon.
    """
    return shifts(rotation, overrides, at, horizon(rotation, overrides, at, away), away)[:count]


def shifts(
    rotation: Rotation,
    overrides: Sequence[Override],
    since: datetime,
    until: datetime,
    away: AwayCalendar | None = None,
) -> list[Shift]:
    """Every shift from `since` to `until`: the one running at `since` (starting there), then
    one per change; the last one's `end` is None when it runs past `until`."""
    first = duty(rotation, overrides, since, away)
    changes = handoffs(rotation, overrides, since, until, away)
    starts = [(since, first.user, first.covers, first.all_away)]
    starts += [(c.at, c.new, c.covers, c.all_away) for c in changes]
    ends: list[datetime | None] = [c.at for c in changes]
    ends.append(None)
    return [
        Shift(user, start, end, covers, all_away)
        for (start, user, covers, all_away), end in zip(starts, ends, strict=True)
    ]


def next_shift(
    rotation: Rotation,
    overrides: Sequence[Override],
    at: datetime,
    away: AwayCalendar | None = None,
) -> Shift | None:
    """The first shift after `at` with a different person on call, or None."""
    found = upcoming(rotation, overrides, at, count=2, away=away)
    return found[1] if len(found) > 1 else None


@dataclass(frozen=True)
class Rota:
    """One rotation with what was read for it (overrides, covers taken, away periods): ask it
    who is on call at t, or for its shifts and hand-offs over a span."""

    rotation: Rotation
    overrides: tuple[Override, ...] = ()
    away: AwayCalendar | None = None

    def duty(self, at: datetime) -> Duty:
        return duty(self.rotation, self.overrides, at, self.away)

    def shifts(self, since: datetime, until: datetime) -> list[Shift]:
        return shifts(self.rotation, self.overrides, since, until, self.away)

    def handoffs(self, since: datetime, until: datetime) -> list[Handoff]:
        return handoffs(self.rotation, self.overrides, since, until, self.away)

    def upcoming(self, at: datetime, count: int = 2) -> list[Shift]:
        return upcoming(self.rotation, self.overrides, at, count, self.away)


@dataclass(frozen=True)
class RotationStatus:
    """What /oncall shows for one rotation: the current shift, then the next one if any."""

    rotation: Rotation
    team_name: str
    shifts: list[Shift]


@dataclass(frozen=True)
class OverrideSet:
    """An override that was stored: `user` replaces `previous` from `start` to `end`."""

    rotation: str
    user: str
    start: datetime
    end: datetime
    previous: str | None
    id: int = 0
