"""What App Home shows, as plain values: each section's data, read by `bot.home.sources`."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Prompt:
    kind: str  # "standup" | "status"
    id: int
    name: str
    day: date
    answered: int
    questions: int
    today: bool  # the stand-up day is the person's today: "Skip today" applies to it


@dataclass(frozen=True)
class OwnedRisk:
    ref: str
    title: str
    score: int
    rating: str
    review_overdue: bool
    link: str | None


@dataclass(frozen=True)
class OnCallNow:
    rotation: str
    user: str | None
    until: datetime | None


@dataclass(frozen=True)
class MyShift:
    rotation: str
    start: datetime
    end: datetime | None
    now: bool  # running now


@dataclass(frozen=True)
class TeamMetrics:
    team: str
    participation: float | None
    on_time: float | None
    blockers: int
    oldest_blocker: timedelta | None
    overdue_reviews: int
    mtta: timedelta | None
    risks_open: int = 0  # the team's active risks, and how long they have been open
    median_risk_age: timedelta | None = None
    oldest_risk_age: timedelta | None = None
    kudos: int = 0  # given to the team's members in the period


@dataclass(frozen=True)
class Roles:
    leads: tuple[str, ...] = ()  # team names
    member_of: tuple[str, ...] = ()
    rotations: tuple[str, ...] = ()
    risks: int = 0


@dataclass(frozen=True)
class HomeData:
    """Everything the built-in sections show for one person at one instant."""

    user: str
    now: datetime
    tz: ZoneInfo
    roles: Roles
    prompts: Sequence[Prompt] = ()
    risks: Sequence[OwnedRisk] = ()
    risks_total: int = 0
    on_call: Sequence[OnCallNow] = ()
    shifts: Sequence[MyShift] = ()
    metrics: Sequence[TeamMetrics] = ()
    has_rotations: bool = False


# A section renders its part of the view from the person's data. Another feature's section
# (your teams' goals, kudos you received) is a callable object holding its own small read,
# called with `data.user` and `data.now`, and is added to the list the container gives
# HomeService.
Section = Callable[[HomeData], list[Any]]
