"""Whether a person is away at an instant: one model for stand-ups, rotations and escalations.

A person is away on a local date (in their own zone) when one of their away periods covers it
(`/standup away`, `/standup skip`, ended early by `/standup back`) or it is a holiday of a
team they belong to (its members, its lead, or a participant of its stand-ups). Stand-up
prompting decides the same way for a person of one team (`bot.standup.rules` plus the away
table); `tests/oncall/test_availability.py` holds both to it.

`AwayCalendar` (in `bot.core.away`, pure) answers the questions; `load_away` reads one.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.away import AwayCalendar, team_holidays

__all__ = ["AwayCalendar", "load_away", "team_holidays"]
from bot.core.users import cached_zones
from bot.core.workspace.model import WorkspaceConfig
from storage.standups.reads import away_between


def load_away(
    session: Session,
    ws: WorkspaceConfig,
    users: Collection[str],
    since: datetime,
    until: datetime,
    *,
    zones: Mapping[str, ZoneInfo] | None = None,
) -> AwayCalendar:
    """Who of `users` is away when between `since` and `until`: one query for the away periods
    (and one for the zones, from the user directory's cache, unless `zones` are given)."""
    wanted = sorted(set(users))
    known = dict(zones) if zones is not None else cached_zones(session, wanted, ws.timezone)
    # Local dates run up to 14 hours either side of UTC.
    first = (since - timedelta(days=1)).date()
    last = (until + timedelta(days=1)).date()
    periods: dict[str, list[tuple[date, date]]] = {}
    for period in away_between(session, first, last, wanted) if wanted else []:
        periods.setdefault(period.user, []).append((period.start, period.end))
    return AwayCalendar(
        zones={user: known.get(user, ws.timezone) for user in wanted},
        periods={user: tuple(found) for user, found in periods.items()},
        holidays={user: team_holidays(ws, user) for user in wanted},
        default_tz=ws.timezone,
    )
