"""Who people are: time zone (Slack profile, or a personal override), name, deactivation."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.core.slack_gateway import SlackGateway, SlackSendError
from storage import users as repo
from storage.db import SessionFactory, unit_of_work

log = logging.getLogger(__name__)

REFRESH_AFTER = timedelta(days=1)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    tz: ZoneInfo
    deleted: bool
    is_bot: bool
    known: bool  # False when Slack could not be asked and nothing was cached


def zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


class UserDirectory:
    """`users.info`, cached in the database and refreshed once a day."""

    def __init__(
        self, factory: SessionFactory, gateway: SlackGateway, clock: Clock, default_tz: ZoneInfo
    ) -> None:
        self.factory = factory
        self.gateway = gateway
        self.clock = clock
        self.default_tz = default_tz

    def get(self, user_id: str) -> Person:
        """The person, from cache when fresh; Slack failures fall back to the cached copy."""
        now = self.clock.now()
        with unit_of_work(self.factory) as session:
            row = repo.get(session, user_id)
            cached = (
                Person(
                    row.id,
                    row.name or row.id,
                    zone(row.tz_override or row.tz, self.default_tz),
                    row.deleted,
                    row.is_bot,
                    True,
                )
                if row is not None
                else None
            )
            fresh = row is not None and now - row.fetched_at < REFRESH_AFTER
        if cached is not None and fresh:
            return cached
        try:
            info = self.gateway.user_info(user_id)
        except SlackSendError as exc:
            if exc.error == "user_not_found":
                return Person(user_id, user_id, self.default_tz, True, False, False)
            log.warning("users.info failed", extra={"user": user_id, "error": exc.error})
            return cached or Person(user_id, user_id, self.default_tz, False, False, False)
        with unit_of_work(self.factory) as session:
            row = repo.upsert(
                session,
                user_id,
                name=info.name,
                tz=info.tz,
                deleted=info.deleted,
                is_bot=info.is_bot,
                now=now,
            )
            override = row.tz_override
        return Person(
            user_id,
            info.name,
            zone(override or info.tz, self.default_tz),
            info.deleted,
            info.is_bot,
            True,
        )

    def tz(self, user_id: str) -> ZoneInfo:
        return self.get(user_id).tz

    def require_active(self, user_id: str) -> Person:
        """The person, or a UserError when they are deactivated or unknown to Slack."""
        person = self.get(user_id)
        if person.deleted:
            key = "error.user_deactivated" if person.known else "error.user_unknown"
            raise UserError(key, user=user_id)
        return person

    def set_timezone(self, user_id: str, tz_name: str | None) -> None:
        """Personal override of the Slack profile zone (None to clear)."""
        if tz_name is not None:
            try:
                ZoneInfo(tz_name)
            except (ZoneInfoNotFoundError, ValueError) as exc:
                raise UserError("error.bad_timezone", tz=tz_name) from exc
        with unit_of_work(self.factory) as session:
            repo.set_override(session, user_id, tz_name, self.clock.now())
