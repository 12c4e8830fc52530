"""Sending what services queued: Slack after commit, retried until delivered or reported.

A service writes its messages with `storage.outbox.enqueue` inside its own transaction and,
after commit, calls `Outbox.flush(keys)` to send them at once. The clock's tick flushes
whatever is left: rows whose send failed, or whose process died between commit and send.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from bot.core.blocks import Message
from bot.core.messages import t
from bot.core.slack_gateway import Posted, SlackGateway, SlackSendError
from storage import outbox as repo
from storage.db import SessionFactory, unit_of_work
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
REPORT_AFTER_ATTEMPTS = 5
METADATA_EVENT = "tandem_outbox"

SentHook = Callable[[Session, OutboxMessage], None]


def _maybe_delivered(last_error: str | None) -> bool:
    """After this outcome of the previous try, Slack may have posted the message anyway.

    No error recorded means the sender died mid-send; a timeout or dropped connection may
    have happened after Slack accepted the post.
    """
    return last_error is None or last_error == "timeout" or last_error.startswith("connection")


def retry_delay(exc: SlackSendError, attempts: int) -> timedelta:
    """How long to wait before trying a failed Slack call again: Retry-After, or back-off."""
    if exc.retry_after is not None:
        return timedelta(seconds=max(exc.retry_after, 1))
    return min(timedelta(seconds=15 * 2 ** min(attempts, 10)), MAX_BACKOFF)


def enqueue_message(
    session: Session,
    key: str,
    channel: str,
    message: Message,
    now: datetime,
    *,
    thread_key: str | None = None,
    target_key: str | None = None,
) -> str:
    """Queue a rendered `message` under `key` (a no-op when the key exists); returns the key.

    With `target_key` it is an update of the message sent under that key; with `thread_key`
    a reply in that message's thread.
    """
    repo.enqueue(
        session,
        key=key,
        channel=channel,
        text=message.text,
        blocks=message.blocks,
        now=now,
        thread_key=thread_key,
        target_key=target_key,
        op="update" if target_key else "post",
    )
    return key


class ChannelPacer:
    """Keeps posts to one channel at most one a second (Slack's chat.postMessage limit)."""

    def __init__(
        self,
        interval: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.monotonic = monotonic
        self.sleep = sleep
        self._last: dict[str, float] = {}

    def wait(self, channel: str) -> None:
        last = self._last.get(channel)
        if last is not None:
            delay = last + self.interval - self.monotonic()
            if delay > 0:
                self.sleep(delay)
        self._last[channel] = self.monotonic()


class Outbox:
    """Delivers queued messages exactly once per key, as far as Slack lets anyone know."""

    def __init__(
        self,
        factory: SessionFactory,
        gateway: SlackGateway,
        report_channel: Callable[[], str | None] = lambda: None,
        pacer: ChannelPacer | None = None,
    ) -> None:
        self.factory = factory
        self.gateway = gateway
        self.report_channel = report_channel
        self.pacer = pacer or ChannelPacer()
        self._on_sent: list[tuple[str, SentHook]] = []
        self._on_failed: list[tuple[str, SentHook]] = []
        self._notices: list[str] = []

    def on_sent(self, key_prefix: str, hook: SentHook) -> None:
        """Run `hook(session, row)` in the transaction that records a send of a matching key."""
        self._on_sent.append((key_prefix, hook))

    def on_failed(self, key_prefix: str, hook: SentHook) -> None:
        """Run `hook(session, row)` when a matching message fails for good."""
        self._on_failed.append((key_prefix, hook))

    def flush(self, now: datetime, keys: Sequence[str] | None = None, limit: int = 200) -> int:
        """Send due messages (only `keys` when given); returns how many were sent."""
        with unit_of_work(self.factory) as session:
            ids = repo.due_ids(session, now, keys, limit)
        sent = 0
        self._notices = []
        for row_id in ids:
            sent += self._attempt(row_id, now)
        notices, self._notices = self._notices, []
        if notices:  # failure reports go out in the same flush, not a tick later
            self.flush(now, keys=notices)
        return sent

    def _attempt(self, row_id: int, now: datetime) -> int:
        with unit_of_work(self.factory) as session:
            row = session.get(OutboxMessage, row_id)
            target = self._resolve_target(session, row) if row is not None else "wait"
            if target == "wait":
                return 0
            row = repo.claim(session, row_id, now)
            if row is None:
                return 0
            if isinstance(target, str):
                if target == "skip":
                    row.state = "cancelled"
                else:
                    self._fail(session, row, "parent_failed", now)
                return 0
            channel, ts = target
            ambiguous = row.attempts > 1 and _maybe_delivered(row.last_error)
        try:
            posted = self._send(row, channel, ts, ambiguous)
        except SlackSendError as exc:
            with unit_of_work(self.factory) as session:
                fresh = session.get(OutboxMessage, row_id)
                assert fresh is not None
                self._handle_error(session, fresh, exc, now)
            return 0
        with unit_of_work(self.factory) as session:
            fresh = session.get(OutboxMessage, row_id)
            assert fresh is not None
            fresh.state, fresh.sent_at, fresh.last_error = "sent", now, None
            fresh.sent_channel, fresh.sent_ts = posted.channel, posted.ts
            for prefix, hook in self._on_sent:
                if fresh.key.startswith(prefix):
                    hook(session, fresh)
        return 1

    def _resolve_target(self, session: Session, row: OutboxMessage) -> tuple[str, str | None] | str:
        """Where to send: (channel, thread or target ts), or wait/skip/failed."""
        if row.op == "update":
            if repo.newer_update_exists(session, row):
                return "skip"
            target = repo.by_key(session, row.target_key or "")
            if target is None or target.state in ("failed", "cancelled"):
                return "failed"
            if target.state != "sent":
                return "wait"
            return (target.sent_channel or target.channel, target.sent_ts)
        if row.thread_key:
            parent = repo.by_key(session, row.thread_key)
            if parent is None or parent.state in ("failed", "cancelled"):
                return "failed"
            if parent.state != "sent":
                return "wait"
            return (parent.sent_channel or parent.channel, parent.sent_ts)
        return (row.channel, row.thread_ts)

    def _send(self, row: OutboxMessage, channel: str, ts: str | None, ambiguous: bool) -> Posted:
        if row.op == "update":
            assert ts is not None
            self.gateway.update(channel, ts, row.text, row.blocks)
            return Posted(channel=channel, ts=ts)
        if ambiguous:
            # The last try may have reached Slack before failing; look before posting again.
            oldest = f"{row.created_at.timestamp() - 60:.6f}"
            found = self.gateway.find_by_metadata(channel, row.key, oldest)
            if found is not None:
                log.info("outbox message already delivered", extra={"key": row.key})
                return found
        self.pacer.wait(channel)
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": row.key}}
        return self.gateway.post(channel, row.text, row.blocks, ts, metadata)

    def _handle_error(
        self, session: Session, row: OutboxMessage, exc: SlackSendError, now: datetime
    ) -> None:
        if exc.permanent:
            self._fail(session, row, exc.error, now)
            return
        delay = retry_delay(exc, row.attempts)
        row.state, row.last_error, row.next_attempt_at = "pending", exc.error, now + delay
        log.warning(
            "slack send failed, will retry",
            extra={"key": row.key, "error": exc.error, "attempts": row.attempts},
        )
        if row.attempts == REPORT_AFTER_ATTEMPTS:
            self._report(session, row, exc.error, now, final=False)

    def _fail(self, session: Session, row: OutboxMessage, error: str, now: datetime) -> None:
        row.state, row.last_error = "failed", error
        log.error("slack send failed for good", extra={"key": row.key, "error": error})
        self._report(session, row, error, now, final=True)
        for prefix, hook in self._on_failed:
            if row.key.startswith(prefix):
                hook(session, row)

    def _report(
        self, session: Session, row: OutboxMessage, error: str, now: datetime, final: bool
    ) -> None:
        channel = self.report_channel()
        if not channel or row.key.startswith("notice:") or channel == row.channel:
            return
        target = f"<@{row.channel}>" if row.channel[:1] in ("U", "W") else f"<#{row.channel}>"
        text = t(
            "slack.send_failed" if final else "slack.send_delayed",
            target=target,
            error=error,
            key=row.key,
        )
        key = f"notice:{row.key}:{'failed' if final else 'delayed'}"
        if repo.enqueue(session, key=key, channel=channel, text=text, now=now):
            self._notices.append(key)
