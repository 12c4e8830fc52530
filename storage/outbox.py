"""Queries for the outbox: enqueue, claim with compare-and-set, record the outcome."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Table, bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from storage.db import insert_ignore, insert_ignore_many
from storage.models import OutboxMessage, OutboxState


@dataclass(frozen=True)
class DueRow:
    """What the sender needs to plan a flush, without loading texts and blocks."""

    id: int
    key: str
    op: str
    channel: str
    parent_key: str | None  # thread_key or target_key: the message this one needs sent first
    thread_ts: str | None
    claimed_by: str | None
    claimed_until: datetime | None


@dataclass(frozen=True)
class Claimed:
    """A row just claimed for sending: everything a send needs, read by the claim itself."""

    id: int
    key: str
    op: str
    channel: str
    text: str
    blocks: list[dict[str, Any]] | None
    thread_ts: str | None
    attempts: int
    last_error: str | None
    created_at: datetime
    first_tried_at: datetime | None


_TABLE: Table = OutboxMessage.__table__  # type: ignore[assignment]  # Core: no ORM overhead
_CLAIMED = [_TABLE.c[name] for name in Claimed.__dataclass_fields__]
NEVER = datetime(1970, 1, 1, tzinfo=UTC)


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
    values = _values(key, channel, text, blocks, now)
    values.update(thread_key=thread_key, thread_ts=thread_ts, target_key=target_key, op=op)
    return insert_ignore(session, OutboxMessage, values)


@dataclass(frozen=True)
class NewPost:
    """A new top-level post (the fan-out's kind of message)."""

    key: str
    channel: str
    text: str
    blocks: Sequence[dict[str, Any]] | None


def enqueue_posts(session: Session, posts: Sequence[NewPost], now: datetime) -> None:
    """`enqueue` many posts, one statement per batch; keys that exist are left alone."""
    rows = [_values(p.key, p.channel, p.text, p.blocks, now) for p in posts]
    insert_ignore_many(session, OutboxMessage, rows)


def _values(
    key: str,
    channel: str,
    text: str,
    blocks: Sequence[dict[str, Any]] | None,
    now: datetime,
) -> dict[str, Any]:
    """Every column of a new post; callers change what differs."""
    return {
        "key": key,
        "op": "post",
        "channel": channel,
        "text": text,
        "blocks": list(blocks) if blocks else None,
        "thread_key": None,
        "thread_ts": None,
        "target_key": None,
        "state": OutboxState.PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }


def due(
    session: Session | Connection,
    now: datetime,
    keys: Sequence[str] | None,
    limit: int | None = None,
) -> list[DueRow]:
    """Rows that may be attempted at `now` (claimed ones included), oldest first; one query."""
    stmt = (
        select(
            OutboxMessage.id,
            OutboxMessage.key,
            OutboxMessage.op,
            OutboxMessage.channel,
            OutboxMessage.thread_key,
            OutboxMessage.target_key,
            OutboxMessage.thread_ts,
            OutboxMessage.claimed_by,
            OutboxMessage.claimed_until,
        )
        .where(OutboxMessage.state.in_((OutboxState.PENDING, OutboxState.SENDING)))
        .where(OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
    )
    if keys is not None:
        stmt = stmt.where(OutboxMessage.key.in_(list(keys)))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [
        DueRow(
            r.id,
            r.key,
            r.op,
            r.channel,
            r.target_key or r.thread_key,
            r.thread_ts,
            r.claimed_by,
            r.claimed_until,
        )
        for r in session.execute(stmt)
    ]


def claim(
    session: Session | Connection,
    row_id: int,
    now: datetime,
    *,
    owner: str | None = None,
    until: datetime | None = None,
    wall: datetime | None = None,
    take_from: str | None = None,
) -> Claimed | None:
    """Take a row for sending (compare-and-set, one statement); None when another sender has it.

    `owner` holds the row until the wall-clock time `until`; a claim whose lease ended before
    `wall`, or one held by `take_from` (a sender known to be dead), may be taken. A row found
    in `sending` was claimed by a sender that died; the caller treats its send as ambiguous
    and checks Slack before posting again.
    """
    row = session.execute(
        _CLAIM,
        {
            "p_id": row_id,
            "p_now": now,
            "p_wall": wall or NEVER,
            "p_take_from": take_from or "",
            "p_owner": owner,
            "p_until": until,
        },
    ).first()
    return None if row is None else Claimed(**row._mapping)


@dataclass(frozen=True)
class Delivery:
    id: int
    channel: str
    ts: str


def mark_sent(session: Session | Connection, sent: Sequence[Delivery], now: datetime) -> None:
    """Record deliveries and end their claims (one statement for the lot)."""
    session.execute(
        _MARK_SENT,
        [{"p_id": d.id, "p_at": now, "p_channel": d.channel, "p_ts": d.ts} for d in sent],
    )


# Built once: a fan-out runs these thousands of times, with values as parameters.
_CLAIM = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("p_id"))
    .where(_TABLE.c.state.in_((OutboxState.PENDING, OutboxState.SENDING)))
    .where(_TABLE.c.next_attempt_at <= bindparam("p_now"))
    .where(
        or_(
            _TABLE.c.claimed_until.is_(None),
            _TABLE.c.claimed_until <= bindparam("p_wall"),
            _TABLE.c.claimed_by == bindparam("p_take_from"),
        )
    )
    .values(
        state=OutboxState.SENDING,
        attempts=_TABLE.c.attempts + 1,
        claimed_by=bindparam("p_owner"),
        claimed_until=bindparam("p_until"),
        first_tried_at=func.coalesce(_TABLE.c.first_tried_at, bindparam("p_wall")),
    )
    .returning(*_CLAIMED)
)
_MARK_SENT = (
    update(_TABLE)
    .where(_TABLE.c.id == bindparam("p_id"))
    .values(
        state=OutboxState.SENT,
        sent_at=bindparam("p_at"),
        last_error=None,
        sent_channel=bindparam("p_channel"),
        sent_ts=bindparam("p_ts"),
        claimed_by=None,
        claimed_until=None,
    )
)


def release(session: Session, row_id: int, owner: str | None, error: str) -> None:
    """Give a claimed row back unsent (Slack said 429: nothing was posted), still due."""
    session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == row_id)
        .where(OutboxMessage.state == OutboxState.SENDING)
        .where(
            OutboxMessage.claimed_by.is_(None)
            if owner is None
            else OutboxMessage.claimed_by == owner
        )
        .values(state=OutboxState.PENDING, last_error=error, claimed_by=None, claimed_until=None)
    )


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
            .where(
                OutboxMessage.state.in_(
                    (OutboxState.PENDING, OutboxState.SENDING, OutboxState.SENT)
                )
            )
            .limit(1)
        )
        is not None
    )


def newer_usergroup_exists(session: Session, row: OutboxMessage) -> bool:
    """A later membership of the same user group is queued or sent: `row` is out of date."""
    return (
        session.scalar(
            select(OutboxMessage.id)
            .where(OutboxMessage.op == row.op)
            .where(OutboxMessage.channel == row.channel)
            .where(OutboxMessage.id > row.id)
            .where(
                OutboxMessage.state.in_(
                    (OutboxState.PENDING, OutboxState.SENDING, OutboxState.SENT)
                )
            )
            .limit(1)
        )
        is not None
    )


def latest_of(session: Session, op: str, channel: str) -> OutboxMessage | None:
    """The newest row of `op` for `channel` (e.g. a user group's last membership), any state."""
    return session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.op == op)
        .where(OutboxMessage.channel == channel)
        .order_by(OutboxMessage.id.desc())
        .limit(1)
    )


def cancel(session: Session, key_prefix: str) -> int:
    """Cancel unsent messages whose key starts with `key_prefix` (e.g. a resolved page)."""
    result: Any = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.key.startswith(key_prefix, autoescape=True))
        .where(OutboxMessage.state == OutboxState.PENDING)
        .values(state=OutboxState.CANCELLED)
    )
    return int(result.rowcount)
