"""Cached Slack user profiles."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore
from storage.models import SlackUser

NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # a profile created by an override, never fetched
# Above this many ids one query reads the whole table: bind-parameter limits, same cost.
IN_LIST_LIMIT = 5000


def get(session: Session, user_id: str) -> SlackUser | None:
    return session.get(SlackUser, user_id)


def upsert(
    session: Session,
    user_id: str,
    *,
    name: str,
    tz: str | None,
    deleted: bool,
    is_bot: bool,
    now: datetime,
    locale: str | None = None,
) -> SlackUser:
    profile = {
        "name": name,
        "tz": tz,
        "deleted": deleted,
        "is_bot": is_bot,
        "locale": locale,
        "fetched_at": now,
    }
    # Insert-or-update by key: two requests meeting a new person at once both insert (a read
    # first raced into a duplicate key on PostgreSQL).
    if not insert_ignore(session, SlackUser, {"id": user_id, **profile}):
        session.execute(update(SlackUser).where(SlackUser.id == user_id).values(**profile))
    row = session.get(SlackUser, user_id, populate_existing=True)
    assert row is not None  # inserted or updated just now, in this transaction
    return row


def set_override(session: Session, user_id: str, tz: str | None, now: datetime) -> None:
    row = session.get(SlackUser, user_id)
    if row is None:
        row = SlackUser(id=user_id, fetched_at=NEVER, name="")
        session.add(row)
    row.tz_override = tz


def get_many(session: Session, user_ids: Collection[str]) -> dict[str, SlackUser]:
    """The cached profiles of `user_ids` that exist, in one statement whatever their number."""
    if not user_ids:
        return {}
    stmt = select(SlackUser)
    if len(user_ids) <= IN_LIST_LIMIT:
        stmt = stmt.where(SlackUser.id.in_(list(user_ids)))
    wanted = set(user_ids)
    return {row.id: row for row in session.scalars(stmt) if row.id in wanted}


def upsert_many(session: Session, profiles: Iterable[dict[str, Any]], now: datetime) -> None:
    """Store fetched profiles (id, name, tz, deleted, is_bot, locale) in one statement;
    overrides stay."""
    values = [{**p, "fetched_at": now} for p in profiles]
    if not values:
        return
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(SlackUser)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(SlackUser)
    stmt = stmt.on_conflict_do_update(
        index_elements=[SlackUser.id],
        set_={
            name: getattr(stmt.excluded, name)
            for name in ("name", "tz", "deleted", "is_bot", "locale", "fetched_at")
        },
    )
    session.execute(stmt, values)
    session.expire_all()  # rows loaded before now hold the old profile
