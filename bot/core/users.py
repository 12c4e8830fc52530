"""Who people are: time zone (Slack profile, or a personal override), name, deactivation."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.core.messages import supported
from bot.core.slack_gateway import SlackGateway, SlackSendError
from storage import clock_state
from storage import users as repo
from storage.db import SessionFactory, unit_of_work
from storage.models import SlackUser

log = logging.getLogger(__name__)

REFRESH_AFTER = timedelta(days=1)
LISTED = "users_listed"  # heartbeat: the last complete users.list walk
# Seconds a process reuses a person read from the database (every command needs the caller's
# zone). Changes made through this directory apply at once; one made by another process (a
# second gunicorn worker) within this time.
REMEMBER_FOR = 60.0


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    tz: ZoneInfo
    deleted: bool
    is_bot: bool
    known: bool  # False when Slack could not be asked and nothing was cached
    locale: str | None = None  # the Slack locale, as Slack gives it


@dataclass(frozen=True)
class _Remembered:
    person: Person
    fetched_at: datetime  # when the database row was last refreshed from Slack
    until: float  # monotonic seconds


def language(person: Person, fallback: str) -> str:
    """The catalog locale of `person`'s Slack locale, else `fallback`."""
    return supported(person.locale) or fallback


def zone(name: str | None, fallback: ZoneInfo) -> ZoneInfo:
    if not name:
        return fallback
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return fallback


class UserDirectory:
    """Profiles cached in the database and refreshed once a day: `get` asks `users.info` for
    one person, `get_many` walks `users.list` once for everyone (the ticks' fan-outs).

    `get` also remembers each person in memory for `REMEMBER_FOR` seconds, so a command does
    not pay a database read for its caller's zone; the row stays the source of truth.
    """

    def __init__(
        self,
        factory: SessionFactory,
        gateway: SlackGateway,
        clock: Clock,
        default_tz: ZoneInfo,
        *,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.factory = factory
        self.gateway = gateway
        self.clock = clock
        self.default_tz = default_tz
        self._monotonic = monotonic
        # Plain dict reads and writes are atomic under the GIL; a race only re-reads a row.
        self._remembered: dict[str, _Remembered] = {}

    def get(self, user_id: str) -> Person:
        """The person, from cache when fresh; Slack failures fall back to the cached copy."""
        now = self.clock.now()
        known = self._remembered.get(user_id)
        if (
            known is not None
            and self._monotonic() < known.until
            and now - known.fetched_at < REFRESH_AFTER
        ):
            return known.person
        with unit_of_work(self.factory, readonly=True) as session:
            row = repo.get(session, user_id)
            cached = self._person(row) if row is not None else None
            fetched_at = row.fetched_at if row is not None else None
        if cached is not None and fetched_at is not None and now - fetched_at < REFRESH_AFTER:
            self._remember(cached, fetched_at)
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
                locale=info.locale,
            )
            override = row.tz_override
        person = Person(
            user_id,
            info.name,
            zone(override or info.tz, self.default_tz),
            info.deleted,
            info.is_bot,
            True,
            info.locale,
        )
        self._remember(person, now)
        return person

    def _remember(self, person: Person, fetched_at: datetime) -> None:
        until = self._monotonic() + REMEMBER_FOR
        self._remembered[person.id] = _Remembered(person, fetched_at, until)

    def get_many(self, user_ids: Iterable[str]) -> dict[str, Person]:
        """Everyone in `user_ids`, from one query of the cache.

        Missing or stale profiles refresh the whole directory with one `users.list` walk (at
        most once per `REFRESH_AFTER`), never a `users.info` per person per tick; only people
        the walk did not cover are asked one by one. Slack failures fall back to the cache.
        """
        wanted = sorted(set(user_ids))
        now = self.clock.now()
        with unit_of_work(self.factory) as session:
            rows = repo.get_many(session, wanted)
        stale = [u for u in wanted if u not in rows or now - rows[u].fetched_at >= REFRESH_AFTER]
        listed: set[str] | None = None
        if stale:
            listed = self._walk(now)
            if listed is not None:
                with unit_of_work(self.factory) as session:
                    rows = repo.get_many(session, wanted)
        people = {}
        for user in wanted:
            row = rows.get(user)
            if row is not None and (listed is None or user in listed or user not in stale):
                people[user] = self._person(row)
            elif listed is not None:  # users.list just now did not name them: not in Slack
                people[user] = Person(user, user, self.default_tz, True, False, False)
            else:
                people[user] = self.get(user)
        return people

    def _walk(self, now: datetime) -> set[str] | None:
        """Refresh every profile from `users.list`; the ids it named, or None when not walked
        (done within `REFRESH_AFTER` already, or Slack failed)."""
        with unit_of_work(self.factory) as session:
            last = clock_state.last_beat(session, LISTED)
        if last is not None and now - last < REFRESH_AFTER:
            return None
        try:
            users = self.gateway.list_users()
        except SlackSendError as exc:
            log.warning("users.list failed", extra={"error": exc.error})
            return None
        with unit_of_work(self.factory) as session:
            repo.upsert_many(
                session,
                (
                    {
                        "id": u.id,
                        "name": u.name,
                        "tz": u.tz,
                        "deleted": u.deleted,
                        "is_bot": u.is_bot,
                        "locale": u.locale,
                    }
                    for u in users
                    if u.id
                ),
                now,
            )
            clock_state.beat(session, LISTED, now)
        self._remembered.clear()  # the walk may have brought new names, zones, deactivations
        return {u.id for u in users}

    def _person(self, row: SlackUser) -> Person:
        return Person(
            row.id,
            row.name or row.id,
            zone(row.tz_override or row.tz, self.default_tz),
            row.deleted,
            row.is_bot,
            True,
            row.locale,
        )

    def tz(self, user_id: str) -> ZoneInfo:
        return self.get(user_id).tz

    def locale(self, user_id: str, fallback: str) -> str:
        """The language to address the person in: their Slack locale when it is one of the
        catalog's, else `fallback` (their team's `language`, else the file's)."""
        return language(self.get(user_id), fallback)

    def known_locale(self, user_id: str, fallback: str) -> str:
        """`locale` from what is cached only: no Slack call and no write, so it is safe inside
        another unit of work (an escalation step rendering a page)."""
        known = self._remembered.get(user_id)
        if known is not None:
            return language(known.person, fallback)
        with unit_of_work(self.factory, readonly=True) as session:
            row = repo.get(session, user_id)
            stored = row.locale if row is not None else None
        return supported(stored) or fallback

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
        self._remembered.pop(user_id, None)
