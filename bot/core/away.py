"""The availability model, pure part: whether a person is away at an instant, from away dates
already read (`bot.core.availability.load_away` reads them). Renderers may import this."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.workspace.model import WorkspaceConfig


def team_holidays(ws: WorkspaceConfig, user: str) -> frozenset[date]:
    """Every holiday of the teams `user` belongs to (members, lead, stand-up participants)."""
    days: set[date] = set()
    for team in ws.teams:
        standups = (s for s in ws.standups if s.team == team.id)
        if (
            user in team.members
            or user == team.lead
            or any(user in s.participants for s in standups)
        ):
            days.update(team.holidays)
    return frozenset(days)


@dataclass(frozen=True)
class AwayCalendar:
    """Away dates per person over a window, and each person's zone. Pure once loaded."""

    zones: Mapping[str, ZoneInfo]
    periods: Mapping[str, tuple[tuple[date, date], ...]] = field(default_factory=dict)
    holidays: Mapping[str, frozenset[date]] = field(default_factory=dict)
    default_tz: ZoneInfo = field(default=ZoneInfo("UTC"))

    def zone(self, user: str) -> ZoneInfo:
        return self.zones.get(user, self.default_tz)

    def away_on(self, user: str, day: date) -> bool:
        """Away on this local date of theirs."""
        if day in self.holidays.get(user, frozenset()):
            return True
        return any(start <= day <= end for start, end in self.periods.get(user, ()))

    def is_away(self, user: str, at: datetime) -> bool:
        """Away at the instant `at`: their local date there is an away date."""
        return self.away_on(user, at.astimezone(self.zone(user)).date())

    def edges(self, users: Iterable[str], since: datetime, until: datetime) -> list[datetime]:
        """The local midnights in (since, until] at which one of `users` starts or stops being
        away (UTC instants, sorted): the only moments their availability can change."""
        points: set[datetime] = set()
        for user in set(users):
            tz = self.zone(user)
            days = {s for s, _ in self.periods.get(user, ())}
            days |= {e + timedelta(days=1) for _, e in self.periods.get(user, ())}
            for holiday in self.holidays.get(user, frozenset()):
                days |= {holiday, holiday + timedelta(days=1)}
            for day in days:
                point = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
                if since < point <= until:
                    points.add(point)
        return sorted(points)
