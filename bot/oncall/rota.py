"""Who is on call: rotation arithmetic with overrides on top. Pure: no I/O, no clock.

A rotation hands over every `length` from `start`, counted in wall-clock time in the zone of
`start` (the file's zone), so a weekly 10:00 hand-off stays at 10:00 across DST changes.
Overrides are applied on top; when two overlap, the later one in the sequence wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.core.workspace.model import Rotation


@dataclass(frozen=True)
class Override:
    """`user` is on call from `start` (inclusive) to `end` (exclusive)."""

    user: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Handoff:
    """At `at` the on-call person changes from `old` to `new` (None: nobody)."""

    at: datetime
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Shift:
    """`user` is on call from `start` until `end` (None: no change within the horizon)."""

    user: str | None
    start: datetime
    end: datetime | None


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


def on_call(rotation: Rotation, overrides: Sequence[Override], at: datetime) -> str | None:
    """Who is on call at `at`: the latest override covering it, else the schedule."""
    for override in reversed(overrides):
        if override.start <= at < override.end:
            return override.user
    return scheduled(rotation, at)


def handoffs(
    rotation: Rotation, overrides: Sequence[Override], since: datetime, until: datetime
) -> list[Handoff]:
    """Every change of the on-call person in (since, until], overrides applied."""
    points: set[datetime] = set()
    if rotation.members:
        index = shift_index(rotation, since) + 1
        while (point := boundary(rotation, index)) <= until:
            points.add(point)
            index += 1
    points.update(p for o in overrides for p in (o.start, o.end) if since < p <= until)
    current = on_call(rotation, overrides, since)
    changes = []
    for point in sorted(points):
        new = on_call(rotation, overrides, point)
        if new != current:
            changes.append(Handoff(point.astimezone(UTC), current, new))
            current = new
    return changes


def horizon(rotation: Rotation, overrides: Sequence[Override], at: datetime) -> datetime:
    """Far enough ahead of `at` to see the next two changes, if there are any."""
    latest = max([at, *(o.end for o in overrides)])
    return latest + rotation.length * (len(rotation.members) + 2)


def upcoming(
    rotation: Rotation, overrides: Sequence[Override], at: datetime, count: int = 2
) -> list[Shift]:
    """The shift running at `at` (its start given as `at`), then the next ones: `count` at most.

    Fewer are returned when nobody else comes on call within the horizon.
    """
    changes = handoffs(rotation, overrides, at, horizon(rotation, overrides, at))
    starts = [(at, on_call(rotation, overrides, at))] + [(c.at, c.new) for c in changes]
    ends: list[datetime | None] = [c.at for c in changes]
    ends.append(None)
    return [Shift(user, start, end) for (start, user), end in zip(starts, ends, strict=True)][
        :count
    ]


def next_shift(rotation: Rotation, overrides: Sequence[Override], at: datetime) -> Shift | None:
    """The first shift after `at` with a different person on call, or None."""
    shifts = upcoming(rotation, overrides, at, count=2)
    return shifts[1] if len(shifts) > 1 else None


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
