"""Declarative base with a naming convention, and the tables every feature shares.

Feature tables live beside their queries (`storage/standups/models.py`, `storage/risks.py`, ...);
`storage/schema.py` imports them all so the metadata Alembic sees is complete.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from sqlalchemy import JSON, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
    }


class ProcessedDelivery(Base):
    """A Slack delivery (event_id, trigger_id, action key) that already had its effect."""

    __tablename__ = "processed_delivery"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    received_at: Mapped[datetime]


class OutboxState(StrEnum):
    """An outbox row's life: queued, claimed by a sender, delivered, or given up."""

    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"


class OutboxMessage(Base):
    """A message to send to Slack: written in the transaction, sent after commit.

    `key` makes each logical message unique. `thread_key` / `target_key` name another outbox
    message whose Slack ts is needed (reply in its thread / update it); such a row waits until
    that message is sent, so order survives crashes and retries.
    """

    __tablename__ = "outbox_message"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    op: Mapped[str] = mapped_column(String(16))  # post | update | usergroup
    channel: Mapped[str] = mapped_column(String(40))  # channel id, or a user id for a DM
    thread_key: Mapped[str | None] = mapped_column(String(300))
    thread_ts: Mapped[str | None] = mapped_column(String(40))
    target_key: Mapped[str | None] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    blocks: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(16), default=OutboxState.PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    last_error: Mapped[str | None] = mapped_column(String(200))
    sent_channel: Mapped[str | None] = mapped_column(String(40))
    sent_ts: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    # Who is sending the row and until when, in wall-clock time (never a tick's `now`), so a
    # dead sender's row is taken over and a live sender's row is left alone whatever `--at`.
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_until: Mapped[datetime | None]
    # Wall-clock time of the first send attempt: where a look-up for a send that may have
    # reached Slack starts (a tick's `--at` may lie anywhere).
    first_tried_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_outbox_message_due", "state", "next_attempt_at"),
        # A user group's latest membership row (storage.outbox.latest_of), read every tick.
        Index("ix_outbox_message_op_channel", "op", "channel", "id"),
    )


class ClockLease(Base):
    """Who runs the scheduler: a second clock sees a live lease and refuses to start."""

    __tablename__ = "clock_lease"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime]


class Heartbeat(Base):
    """Named instants such as `last_tick`, shown by /healthz."""

    __tablename__ = "heartbeat"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    at: Mapped[datetime]


class ScheduleSighting(Base):
    """When Tandem first saw a schedule (a stand-up, a status report): occurrences due before
    that are not sent late to a fresh install or for a newly added schedule."""

    __tablename__ = "schedule_sighting"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    schedule_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_seen_at: Mapped[datetime]


class SlackUser(Base):
    """Cached `users.info`: time zone (with a personal override), deactivation, display name."""

    __tablename__ = "slack_user"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    tz: Mapped[str | None] = mapped_column(String(64))
    tz_override: Mapped[str | None] = mapped_column(String(64))
    deleted: Mapped[bool] = mapped_column(default=False)
    is_bot: Mapped[bool] = mapped_column(default=False)
    locale: Mapped[str | None] = mapped_column(String(20))
    fetched_at: Mapped[datetime]
