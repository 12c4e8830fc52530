"""Queries for the outbox: enqueue, claim with compare-and-set, record the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore
from storage.models import OutboxMessage

CLAIM_LEASE = timedelta(minutes=2)


def enqueue(
    session: Session,
    *,
    key: str,
    channel: str,
    text: str,
    now: datetime,
    blocks: Sequence[dict[str, Any]] | None = None,
    thread_key: str | None = None,
    thread_ts: str | None = None,
    target_key: str | None = None,
    op: str = "post",
) -> bool:
    """Add a message unless one with `key` exists; True when added."""
    return insert_ignore(
        session,
        OutboxMessage,
        {
            "key": key,
            "op": op,
            "channel": channel,
            "text": text,
            "blocks": list(blocks) if blocks else None,
            "thread_key": thread_key,
            "thread_ts": thread_ts,
            "target_key": target_key,
            "state": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        },
    )


def due_ids(session: Session, now: datetime, keys: Sequence[str] | None, limit: int) -> list[int]:
    """Ids of rows that may be attempted now, oldest first."""
    stmt = (
        select(OutboxMessage.id)
        .where(OutboxMessage.state.in_(("pending", "sending")))
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    if keys is not None:
        stmt = stmt.where(OutboxMessage.key.in_(list(keys)))
    return list(session.scalars(stmt))


def claim(session: Session, row_id: int, now: datetime) -> OutboxMessage | None:
    """Take a row for sending (compare-and-set); None when another sender has it.

    A row found in `sending` was claimed by a sender that died; the caller treats its send
    as ambiguous and checks Slack before posting again.
    """
    result: Any = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .where(OutboxMessage.state.in_(("pending", "sending")))
        .where(OutboxMessage.next_attempt_at <= now)
        .values(
            state="sending",
            attempts=OutboxMessage.attempts + 1,
            next_attempt_at=now + CLAIM_LEASE,
        )
    )
    if result.rowcount != 1:
        return None
    return session.get(OutboxMessage, row_id, populate_existing=True)


def by_key(session: Session, key: str) -> OutboxMessage | None:
    return session.scalar(select(OutboxMessage).where(OutboxMessage.key == key))


def newer_update_exists(session: Session, row: OutboxMessage) -> bool:
    """A later pending update of the same message makes this one redundant."""
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.op == "update")
            .where(OutboxMessage.target_key == row.target_key)
            .where(OutboxMessage.id > row.id)
            .where(OutboxMessage.state.in_(("pending", "sending", "sent")))
            .limit(1)
        )
        is not None
    )


def cancel(session: Session, key_prefix: str) -> int:
    """Cancel unsent messages whose key starts with `key_prefix` (e.g. a resolved page)."""
    result: Any = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.key.startswith(key_prefix, autoescape=True))
        .where(OutboxMessage.state == "pending")
        .values(state="cancelled")
    )
    return int(result.rowcount)
