"""Cached Slack user profiles."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.orm import Session

from storage.models import SlackUser

NEVER = datetime(1970, 1, 1, tzinfo=UTC)  # a profile created by an override, never fetched


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
) -> SlackUser:
    row = session.get(SlackUser, user_id)
    if row is None:
        row = SlackUser(id=user_id, fetched_at=now)
        session.add(row)
    row.name, row.tz, row.deleted, row.is_bot, row.fetched_at = name, tz, deleted, is_bot, now
    return row


def set_override(session: Session, user_id: str, tz: str | None, now: datetime) -> None:
    row = session.get(SlackUser, user_id)
    if row is None:
        row = SlackUser(id=user_id, fetched_at=NEVER, name="")
        session.add(row)
    row.tz_override = tz
