"""Sending what services queued: Slack after commit, retried until delivered or reported.

A service writes its messages with `storage.outbox.enqueue` inside its own transaction and,
after commit, calls `Outbox.flush(keys)` to send them at once. The clock's tick flushes
whatever is left: rows whose send failed, or whose process died between commit and send.
One flush sends everything due at its time, paced to Slack's limits: a 429 is waited out and
tried again in the same flush, different channels go out concurrently.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine
from sqlalchemy.orm import Session

from bot.core.blocks import Message
from bot.core.messages import t
from bot.core.metrics import Metrics, message_kind
from bot.core.pacing import ChannelPacer, WorkspacePace
from bot.core.senders import sender_id, sender_is_dead
from bot.core.slack_gateway import Posted, SlackGateway, SlackSendError
from storage import outbox as repo
from storage.db import SessionFactory, unit_of_work
from storage.models import OutboxMessage, OutboxState

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(minutes=10)
REPORT_AFTER_ATTEMPTS = 5
METADATA_EVENT = "tandem_outbox"
# Escalation pages, their acknowledgement/resolution updates, the run's thread log and
# notices (bot/escalation/service.py) go ahead of everything else, stand-up prompts included.
URGENT_PREFIXES = ("page:", "esc-")
# A row of this op sets a Slack user group's members (`channel`: the group id, `text`: the
# user ids, comma-separated) instead of posting (bot/oncall/presence.py).
USERGROUP_OP = "usergroup"
# A claim is held this long in wall-clock time: longer than one send can take (a post with
# its connection retry, or the metadata look-up), so a live sender never loses its row.
CLAIM_LEASE = timedelta(seconds=60)
# Different channels are sent concurrently, so Slack's round trips overlap.
WORKERS = 8
# After this many 429s for one row in one flush, the row waits for a later tick.
MAX_RATE_LIMITS_PER_FLUSH = 30
# Deliveries are recorded this many at a time (one statement), the rest when a pass ends.
RECORD_BATCH = 25
# While another live sender holds rows due now, a full flush looks again this often.
HELD_POLL_SECONDS = 0.5

# A message that Slack's rate limits have held back longer than this since its first try
# gets its `on_delayed` hooks called (e.g. a page falls back to a plain DM).
DELAYED_AFTER = timedelta(seconds=60)

SentHook = Callable[[Session, OutboxMessage], None]
# Delivers a claimed row of an op registered with `Outbox.register_op` (not a Slack post);
# raises SlackSendError when it fails, which is retried with back-off like a Slack error.
OpSender = Callable[[repo.Claimed], None]
# (session, row, how long it has been held back, the flush's now) -> keys of messages queued
DelayedHook = Callable[[Session, OutboxMessage, timedelta, datetime], list[str]]


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


def enqueue_posts(
    session: Session, posts: Sequence[tuple[str, str, Message]], now: datetime
) -> list[str]:
    """`enqueue_message` for many top-level posts, each (key, channel, message), in one
    statement per batch (a fan-out); returns their keys."""
    repo.enqueue_posts(
        session, [repo.NewPost(key, channel, m.text, m.blocks) for key, channel, m in posts], now
    )
    return [key for key, _, _ in posts]


@dataclass
class _Run:
    """The state of one flush, shared by its worker threads."""

    now: datetime
    notices: list[str] = field(default_factory=list)
    limits: Counter[int] = field(default_factory=Counter)
    sent: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    # Deliveries not recorded yet: written in batches, and always before the flush returns.
    # A crash before that leaves them claimed by a dead sender, whose rows the next tick
    # takes over and finds at Slack by their metadata.
    unrecorded: list[repo.Delivery] = field(default_factory=list)
    # Messages `on_delayed` hooks queued: sent in this flush, whatever keys it was given.
    extra: list[str] = field(default_factory=list)


def _priority(key: str) -> int:
    return 0 if key.startswith(URGENT_PREFIXES) else 1


def _groups(
    rows: Sequence[tuple[repo.DueRow, str | None]],
) -> list[list[tuple[repo.DueRow, str | None]]]:
    """Rows that must go in order (one channel, one thread, a message and its updates), each
    group oldest first; groups with urgent rows first, then by age."""
    by_key = {row.key: row for row, _ in rows}
    memo: dict[str, str] = {}

    def group_of(row: repo.DueRow) -> str:
        if row.key not in memo:
            parent = by_key.get(row.parent_key or "")
            if parent is not None and parent.key != row.key:
                memo[row.key] = group_of(parent)
            elif row.parent_key:
                memo[row.key] = "key:" + row.parent_key
            else:
                memo[row.key] = "channel:" + row.channel
        return memo[row.key]

    groups: dict[str, list[tuple[repo.DueRow, str | None]]] = {}
    for row, take_from in rows:
        groups.setdefault(group_of(row), []).append((row, take_from))
    ordered = sorted(
        groups.values(),
        key=lambda g: (min(_priority(r.key) for r, _ in g), min(r.id for r, _ in g)),
    )
    return [sorted(g, key=lambda x: x[0].id) for g in ordered]


class Outbox:
    """Delivers queued messages exactly once per key, as far as Slack lets anyone know."""

    def __init__(
        self,
        factory: SessionFactory,
        gateway: SlackGateway,
        report_channel: Callable[[], str | None] = lambda: None,
        pacer: ChannelPacer | None = None,
        *,
        pace: WorkspacePace | None = None,
        wall: Callable[[], datetime] = lambda: datetime.now(UTC),
        workers: int = WORKERS,
        metrics: Metrics | None = None,
    ) -> None:
        """Build the outbox.

        Args:
            factory: sessions for the outbox table.
            gateway: the Slack client used for sending (one that does not retry 429 itself).
            report_channel: where failures are reported, read at the time of the report.
            pacer: one post a second per channel.
            pace: the workspace-wide pace; shares the pacer's clock and sleep by default.
            wall: real time for claim leases, never a tick's `now` (`--at` may be anything).
            workers: how many channels are sent to at once.
            metrics: counts messages sent and failed by kind.
        """
        self.factory = factory
        self.engine: Engine = factory.kw["bind"]
        self.gateway = gateway
        self.report_channel = report_channel
        self.pacer = pacer or ChannelPacer()
        self.pace = pace or WorkspacePace(self.pacer.monotonic, self.pacer.sleep)
        self.wall = wall
        self.workers = workers
        self.metrics = metrics
        self.owner = sender_id()
        self._on_sent: list[tuple[str, SentHook]] = []
        self._on_failed: list[tuple[str, SentHook]] = []
        self._on_delayed: list[tuple[str, DelayedHook]] = []
        self._ops: dict[str, OpSender] = {}

    def register_op(self, op: str, send: OpSender) -> None:
        """Rows of `op` are delivered by `send` instead of Slack (e.g. webhook POSTs)."""
        self._ops[op] = send

    def on_sent(self, key_prefix: str, hook: SentHook) -> None:
        """Run `hook(session, row)` in the transaction that records a send of a matching key."""
        self._on_sent.append((key_prefix, hook))

    def on_failed(self, key_prefix: str, hook: SentHook) -> None:
        """Run `hook(session, row)` when a matching message fails for good."""
        self._on_failed.append((key_prefix, hook))

    def on_delayed(self, key_prefix: str, hook: DelayedHook) -> None:
        """Run `hook` when Slack's 429s have held a matching message back over
        `DELAYED_AFTER` (wall-clock time since its first try). The keys it returns are sent in
        the same flush; when it returns any, the held message waits for a later tick, so they
        go first."""
        self._on_delayed.append((key_prefix, hook))

    def flush(
        self, now: datetime, keys: Sequence[str] | None = None, limit: int | None = None
    ) -> int:
        """Send everything due at `now` (only `keys` when given); returns how many were sent.

        Returns when each due row is sent, failed for good, backed off after an error other
        than 429, or waiting for a message it replies to. Without `keys` (the tick), rows a
        live sender elsewhere holds are waited for, and a dead sender's rows are taken over.
        """
        run = _Run(now)
        polls = int(CLAIM_LEASE.total_seconds() / HELD_POLL_SECONDS) + 20
        while True:
            wanted = None if keys is None else [*keys, *run.extra]
            with self.engine.begin() as connection:
                rows = repo.due(connection, now, wanted, limit)
            wall = self.wall()
            free: list[tuple[repo.DueRow, str | None]] = []
            held = 0
            for row in rows:
                if row.claimed_until is None or row.claimed_until <= wall:
                    free.append((row, None))
                elif row.claimed_by and sender_is_dead(row.claimed_by):
                    free.append((row, row.claimed_by))
                else:
                    held += 1
            if free and self._send_pass(run, free):
                continue
            if held and keys is None and polls > 0:
                polls -= 1
                self.pacer.sleep(HELD_POLL_SECONDS)
                continue
            break
        if run.notices:  # failure reports go out in the same flush, not a tick later
            self.flush(now, keys=run.notices)
        if self.metrics is not None:
            self.metrics.maybe_flush()
        return run.sent

    def _send_pass(self, run: _Run, rows: Sequence[tuple[repo.DueRow, str | None]]) -> bool:
        """Try each row once (in order within its group); True when anything moved on."""
        groups = _groups(rows)
        try:
            if len(groups) == 1 or self.workers <= 1:
                return any([self._send_group(run, group) for group in groups])
            with ThreadPoolExecutor(
                max_workers=min(self.workers, len(groups)), thread_name_prefix="outbox"
            ) as pool:
                return any(list(pool.map(lambda group: self._send_group(run, group), groups)))
        finally:
            batch, run.unrecorded = run.unrecorded, []
            self._record(run, batch)

    def _record(self, run: _Run, batch: Sequence[repo.Delivery]) -> None:
        if batch:
            with self.engine.begin() as connection:
                repo.mark_sent(connection, batch, run.now)

    def _send_group(self, run: _Run, group: Sequence[tuple[repo.DueRow, str | None]]) -> bool:
        moved = False
        for index, (due, take_from) in enumerate(group):
            outcome = self._attempt(run, due, take_from, last_in_group=index == len(group) - 1)
            moved = moved or outcome != "stuck"
            if outcome in ("stuck", "limited"):
                break  # the rest of the group keeps its order: it goes in a later pass
        return moved

    def _attempt(
        self, run: _Run, due: repo.DueRow, take_from: str | None, *, last_in_group: bool = True
    ) -> str:
        """One try of one row: "done" (sent, failed or backed off), "limited" (429), "stuck"."""
        if due.op == "post":
            # Before the transaction: no claim (and no SQLite write lock) is ever held while
            # waiting for the workspace's turn.
            self.pace.acquire()
        wall = self.wall()

        def claim(db: Session | Connection) -> repo.Claimed | None:
            until = wall + CLAIM_LEASE
            return repo.claim(
                db, due.id, run.now, owner=self.owner, until=until, wall=wall, take_from=take_from
            )

        target: tuple[str, str | None] | str = (due.channel, due.thread_ts)
        if due.op == "post" and due.parent_key is None:
            # The fan-out's common case needs no ORM session: one statement, one commit.
            with self.engine.begin() as connection:
                claimed = claim(connection)
            if claimed is None:
                return "stuck"  # another sender has it
        else:
            with unit_of_work(self.factory) as session:
                row = session.get(OutboxMessage, due.id)
                target = self._resolve_target(session, row) if row is not None else "wait"
                if target == "wait":
                    return "stuck"
                claimed = claim(session)
                if claimed is None:
                    return "stuck"
                if isinstance(target, str):
                    row = session.get(OutboxMessage, due.id, populate_existing=True)
                    assert row is not None
                    if target == "skip":
                        row.state = OutboxState.CANCELLED
                    else:
                        self._fail(session, row, "parent_failed", run)
                    self._unclaim(row)
                    return "done"
        assert isinstance(target, tuple)
        channel, ts = target
        ambiguous = claimed.attempts > 1 and _maybe_delivered(claimed.last_error)
        try:
            posted = self._send(claimed, channel, ts, ambiguous)
        except SlackSendError as exc:
            if exc.retry_after is not None and self._held_back(run, claimed, exc):
                return "done"
            return self._after_error(run, due.id, exc)
        if due.op == "post":
            self.pace.sent()
        hooks = [hook for prefix, hook in self._on_sent if due.key.startswith(prefix)]
        delivery = repo.Delivery(due.id, posted.channel, posted.ts)
        if not hooks and not last_in_group:  # a later row of the group may need it recorded
            with self.engine.begin() as connection:
                repo.mark_sent(connection, [delivery], run.now)
        elif not hooks:
            with run.lock:
                run.unrecorded.append(delivery)
                batch = run.unrecorded if len(run.unrecorded) >= RECORD_BATCH else []
                if batch:
                    run.unrecorded = []
            self._record(run, batch)
        else:
            with unit_of_work(self.factory) as session:
                repo.mark_sent(session, [delivery], run.now)
                fresh = session.get(OutboxMessage, due.id, populate_existing=True)
                assert fresh is not None
                for hook in hooks:
                    hook(session, fresh)
        with run.lock:
            run.sent += 1
        if self.metrics is not None:
            self.metrics.inc("tandem_messages_sent", kind=message_kind(due.key, due.op))
        return "done"

    def _after_error(self, run: _Run, row_id: int, exc: SlackSendError) -> str:
        if exc.retry_after is not None and not exc.permanent:
            with run.lock:
                run.limits[row_id] += 1
                again = run.limits[row_id] < MAX_RATE_LIMITS_PER_FLUSH
            if again:
                # Nothing was posted: give the row back, wait out Retry-After, try again.
                self.pace.limited(exc.retry_after)
                with unit_of_work(self.factory) as session:
                    repo.release(session, row_id, self.owner, exc.error)
                return "limited"
        with unit_of_work(self.factory) as session:
            fresh = session.get(OutboxMessage, row_id)
            assert fresh is not None
            self._handle_error(session, fresh, exc, run)
            self._unclaim(fresh)
        return "done"

    def _held_back(self, run: _Run, claimed: repo.Claimed, exc: SlackSendError) -> bool:
        """Call the `on_delayed` hooks of a message 429s have held back too long; True when
        they queued something (the message then waits for a later tick)."""
        hooks = [hook for prefix, hook in self._on_delayed if claimed.key.startswith(prefix)]
        if not hooks or claimed.first_tried_at is None:
            return False
        delay = self.wall() - claimed.first_tried_at
        if delay <= DELAYED_AFTER:
            return False
        with unit_of_work(self.factory) as session:
            row = session.get(OutboxMessage, claimed.id)
            assert row is not None
            queued = [key for hook in hooks for key in hook(session, row, delay, run.now)]
            if not queued:
                return False
            assert exc.retry_after is not None
            self.pace.limited(exc.retry_after)
            row.state, row.last_error = OutboxState.PENDING, exc.error
            row.next_attempt_at = run.now + retry_delay(exc, row.attempts)
            self._unclaim(row)
        log.warning("slack held a message back; hooks queued a stand-in", extra={"key": row.key})
        with run.lock:
            run.extra.extend(queued)
        return True

    @staticmethod
    def _unclaim(row: OutboxMessage) -> None:
        row.claimed_by, row.claimed_until = None, None

    def _resolve_target(self, session: Session, row: OutboxMessage) -> tuple[str, str | None] | str:
        """Where to send: (channel, thread or target ts), or wait/skip/failed."""
        if row.op == USERGROUP_OP:
            # Each row names the whole membership: a newer one makes an older one moot, so a
            # retried old row can never undo a later hand-off.
            return "skip" if repo.newer_usergroup_exists(session, row) else (row.channel, None)
        if row.op == "update":
            if repo.newer_update_exists(session, row):
                return "skip"
            target = repo.by_key(session, row.target_key or "")
            if target is None or target.state in (OutboxState.FAILED, OutboxState.CANCELLED):
                return "failed"
            if target.state != OutboxState.SENT:
                return "wait"
            return (target.sent_channel or target.channel, target.sent_ts)
        if row.thread_key:
            parent = repo.by_key(session, row.thread_key)
            if parent is None or parent.state in (OutboxState.FAILED, OutboxState.CANCELLED):
                return "failed"
            if parent.state != OutboxState.SENT:
                return "wait"
            return (parent.sent_channel or parent.channel, parent.sent_ts)
        return (row.channel, row.thread_ts)

    def _send(self, row: repo.Claimed, channel: str, ts: str | None, ambiguous: bool) -> Posted:
        if row.op in self._ops:
            self._ops[row.op](row)
            return Posted(channel=channel, ts="")
        if row.op == USERGROUP_OP:
            # Setting the same membership twice changes nothing: no look-up before a retry.
            self.gateway.update_usergroup(channel, [u for u in row.text.split(",") if u])
            return Posted(channel=channel, ts="")
        if row.op == "update":
            assert ts is not None
            self.gateway.update(channel, ts, row.text, row.blocks)
            return Posted(channel=channel, ts=ts)
        if ambiguous:
            # The last try may have reached Slack before failing; look before posting again,
            # from the first try's real time (the row's own time is a tick's, maybe `--at`).
            since = min(row.created_at, row.first_tried_at or row.created_at)
            oldest = f"{since.timestamp() - 60:.6f}"
            found = self.gateway.find_by_metadata(channel, row.key, oldest, ts)
            if found is not None:
                log.info("outbox message already delivered", extra={"key": row.key})
                return found
        self.pacer.wait(channel)
        metadata = {"event_type": METADATA_EVENT, "event_payload": {"key": row.key}}
        return self.gateway.post(channel, row.text, row.blocks, ts, metadata)

    def _handle_error(
        self, session: Session, row: OutboxMessage, exc: SlackSendError, run: _Run
    ) -> None:
        if exc.permanent:
            self._fail(session, row, exc.error, run)
            return
        delay = retry_delay(exc, row.attempts)
        row.state, row.last_error, row.next_attempt_at = (
            OutboxState.PENDING,
            exc.error,
            run.now + delay,
        )
        log.warning(
            "slack send failed, will retry",
            extra={"key": row.key, "error": exc.error, "attempts": row.attempts},
        )
        if row.attempts == REPORT_AFTER_ATTEMPTS:
            self._report(session, row, exc.error, run, final=False)

    def _fail(self, session: Session, row: OutboxMessage, error: str, run: _Run) -> None:
        row.state, row.last_error = OutboxState.FAILED, error
        if self.metrics is not None:
            self.metrics.inc("tandem_messages_failed", kind=message_kind(row.key, row.op))
        log.error("slack send failed for good", extra={"key": row.key, "error": error})
        self._report(session, row, error, run, final=True)
        for prefix, hook in self._on_failed:
            if row.key.startswith(prefix):
                hook(session, row)

    def _report(
        self, session: Session, row: OutboxMessage, error: str, run: _Run, final: bool
    ) -> None:
        channel = self.report_channel()
        if not channel or row.key.startswith("notice:") or channel == row.channel:
            return
        if row.channel[:1] in ("U", "W"):
            target = f"<@{row.channel}>"
        elif row.op == USERGROUP_OP:
            target = f"<!subteam^{row.channel}>"
        elif row.op in self._ops:
            target = f"{row.op} `{row.channel}`"
        else:
            target = f"<#{row.channel}>"
        catalog = row.op if row.op in self._ops else "slack"
        text = t(
            f"{catalog}.send_failed" if final else f"{catalog}.send_delayed",
            target=target,
            error=error,
            key=row.key,
        )
        key = f"notice:{row.key}:{'failed' if final else 'delayed'}"
        if repo.enqueue(session, key=key, channel=channel, text=text, now=run.now):
            with run.lock:
                run.notices.append(key)
