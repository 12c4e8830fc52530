"""Escalation runs: page the right people, exactly once per step, until someone acknowledges.

The rules are design/escalation-and-risk.md (b) and the promises (d) R3–R8:

* A run snapshots its policy when it starts; later edits of tandem.toml never change it.
* Which level fires when, and who it pages, is `policy.next_step`; this service asks it and
  records the answer. What Slack is told goes through the run's `Journal`.
* State lives in the database. The tick advances a run only while holding its row (FOR
  UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite) and only if its version
  (`fence`) is unchanged, in the same transaction that writes the pages into the outbox, which
  sends them after commit. A page is recorded once per (run, cycle, pass, level, person);
  `cycle` counts the times an acknowledged run went back to paging (`reescalate_after`).
* A start for a subject whose run is going pages nobody new: `describe` tells the caller
  where it stands. Only *Escalate now* moves a run on by hand.
* An exhausted run hands off to its policy's `then` once, never to a policy its chain has
  been through.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.core.blocks.text import duration, slack_time
from bot.core.errors import Forbidden, NotFound
from bot.core.events import Event, Events, NoEvents
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox
from bot.core.ports import Subject, WorkspaceSource
from bot.core.sends import Sends
from bot.escalation.export import export_escalations as export_escalations  # registers it
from bot.escalation.journal import Journal, fallback_key, numbers, page_prefix, run_of_page
from bot.escalation.policy import (
    Exhaust,
    Fire,
    Position,
    Skip,
    Snapshot,
    next_in_turn,
    next_step,
)
from bot.escalation.targets import Targets, resolve_targets
from storage import deliveries
from storage import escalations as repo
from storage import outbox as outbox_repo
from storage.db import SessionFactory, unit_of_work
from storage.escalations import EscalationRun, RunStatus
from storage.models import OutboxMessage

log = logging.getLogger(__name__)

TICK_INTERVAL = timedelta(seconds=30)  # the clock's interval (bot/scheduler.py)
WATCHDOG_AFTER = 2 * TICK_INTERVAL  # a step later than this was missed by the clock
DUE_BATCH = 100
SHOWN_PAGES = 10  # pages listed when `/risk escalate` finds a run going


@dataclass(frozen=True)
class Answer:
    """What the person who clicked is told (a message id and its parameters)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    # Set when the click resolved a run: it offers "Record a lesson" (the risk's ref, if any).
    lesson_risk: str | None = None
    resolved: bool = False

    def render(self) -> str:
        return t(self.key, **self.params)


@dataclass(frozen=True)
class PageRun:
    """A run `/page` started: its id, its ref (`P-3`), the outbox key of its thread root, and
    whether its first step paged anyone."""

    run_id: int
    ref: str
    thread_key: str | None
    paged: bool = True


def _position(run: EscalationRun) -> Position | None:
    if run.next_pass is None or run.next_level is None:
        return None
    return Position(run.next_pass, run.next_level)


def _move(run: EscalationRun, to: Position | None) -> None:
    run.next_pass, run.next_level = (to.pass_no, to.level) if to else (None, None)


class EscalationService:
    """Implements `Escalator` (bot/subjects.py); the buttons and the tick step use it too."""

    def __init__(
        self,
        *,
        factory: SessionFactory,
        outbox: Outbox,
        workspace: WorkspaceSource,
        language_of: Callable[[str], str] | None = None,
        events: Events | None = None,
    ) -> None:
        """`language_of(user)` is the language a person's page DMs are written in (default:
        the file's); the run's thread and the channel notices use the file's."""
        self.factory = factory
        self.outbox = outbox
        self.workspace = workspace
        self.language_of = language_of or (lambda _user: self.workspace().language)
        self.events: Events = events or NoEvents()
        outbox.on_delayed("page:", self._on_page_delayed)

    # --- the Escalator port --------------------------------------------------------------

    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        """Start a run on `workspace.risks.policy`; True when one started.

        A subject whose run is going gets nothing new (`describe` says where it stands).
        """
        try:
            return self._start(subject, by, reason, now, key)
        except IntegrityError:
            # A concurrent request opened a run for this subject first: this one finds it.
            return self._start(subject, by, reason, now, key)

    def describe(
        self, kind: str, ref: str, *, tz: ZoneInfo, link: Callable[[], str | None] | None = None
    ) -> str | None:
        """Where the subject's active run stands, for the person who asked (times as Slack
        date tokens, `tz` as their fallback; `link` gives the thread's permalink, asked only
        when a run is going); None when no run is going."""
        with unit_of_work(self.factory, readonly=True) as session:
            run = repo.active_run(session, kind, ref, lock=False)
            if run is None:
                return None
            snap = Snapshot.from_json(run.policy)
            paged = repo.pages(session, run.id)
            ack = repo.last_ack(session, run.id)
        started = slack_time(run.started_at, tz)
        lines: list[str] = []
        if run.status == RunStatus.ACKNOWLEDGED and ack is not None:
            lines.append(
                t(
                    "escalation.state_acknowledged",
                    ref=run.subject_ref,
                    policy=snap.id,
                    started=started,
                    user=ack.actor,
                    at=slack_time(ack.at, tz),
                )
            )
        else:
            last = paged[-1] if paged else None
            at = Position(last.pass_no, last.level) if last else Position(0, 0)
            lines.append(
                t(
                    "escalation.state_triggered",
                    ref=run.subject_ref,
                    policy=snap.id,
                    started=started,
                    **numbers(snap, at),
                )
            )
        if paged:
            shown = [
                t("escalation.state_paged_one", user=p.user_id, at=slack_time(p.paged_at, tz))
                for p in paged[-SHOWN_PAGES:]
            ]
            lines.append(t("escalation.state_paged", pages=", ".join(shown)))
        else:
            lines.append(t("escalation.state_nobody_paged"))
        if run.next_fire_at is not None:
            when = slack_time(run.next_fire_at, tz)
            if run.status == RunStatus.ACKNOWLEDGED:
                lines.append(t("escalation.state_again", at=when))
            elif run.next_level is None:
                lines.append(t("escalation.state_last", at=when))
            else:
                lines.append(t("escalation.state_next", at=when))
        elif run.status == RunStatus.ACKNOWLEDGED:
            lines.append(t("escalation.state_waiting"))
        thread = link() if link is not None else None
        if thread:
            lines.append(t("escalation.state_thread", link=thread))
        return "\n".join(lines)

    def page(
        self,
        subject: Subject,
        snap: Snapshot,
        *,
        by: str,
        reason: str,
        now: datetime,
        key: str,
    ) -> PageRun | None:
        """Start a run of `snap` for a new `/page` subject, numbered here (`P-1`, `P-2`, …),
        with its own thread in the escalations channel; None when `key` was used before."""
        for attempt in range(3):
            try:
                with self._unit(now) as (session, journal):
                    if not repo.claim_request(session, key, now):
                        return None
                    ref = f"P-{repo.count_subjects(session, subject.kind) + 1}"
                    numbered = replace(subject, ref=ref)
                    run = self._open(session, numbered, by, reason, now, journal, snap=snap)
                    paged = repo.any_page(session, run.id)
                    started = PageRun(run.id, ref, run.thread_key, paged)
                return started
            except IntegrityError:
                # A concurrent page took the same number (PostgreSQL): count again.
                if attempt == 2:
                    raise
        return None  # pragma: no cover (the loop returns or raises)

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        with self._unit(now) as (session, journal):
            run = repo.active_run(session, kind, ref)
            if run is None:
                return False
            self._resolve(session, run, by, now, journal)
        return True

    # --- buttons on a page -----------------------------------------------------------------

    def acknowledge(self, run_id: int, user: str, now: datetime, key: str) -> Answer | None:
        """Stop every further level for everyone; None when this click was handled already."""
        return self._on_click(run_id, user, now, key, self._acknowledge)

    def escalate_now(self, run_id: int, user: str, now: datetime, key: str) -> Answer | None:
        return self._on_click(run_id, user, now, key, self._escalate_now)

    def resolve_run(self, run_id: int, user: str, now: datetime, key: str) -> Answer | None:
        return self._on_click(run_id, user, now, key, self._resolve_now)

    # --- the tick --------------------------------------------------------------------------

    def tick(self, now: datetime) -> None:
        """Fire every step that is due; a step overdue by more than two ticks is logged by the
        watchdog and fired now. Sends happen in the tick's outbox step, after commit."""
        with unit_of_work(self.factory) as session:
            due = repo.due_run_ids(session, now, DUE_BATCH)
        for run_id in due:
            try:
                self._fire_due(run_id, now)
            except StaleDataError:
                log.info("escalation step taken by another tick", extra={"run": run_id})
            except Exception:  # one bad run must not stop the others; logged with its id
                log.exception("escalation step failed", extra={"run": run_id})

    def _fire_due(self, run_id: int, now: datetime) -> None:
        # Not sent here: the tick's outbox step sends what all its steps queued.
        with self._unit(now, send=False) as (session, journal):
            run = repo.lock_if_due(session, run_id, now)
            if run is None or run.next_fire_at is None:
                return
            late = now - run.next_fire_at
            if late > WATCHDOG_AFTER:
                log.warning(
                    "escalation step overdue; re-driving it",
                    extra={"run": run.id, "late_seconds": late.total_seconds()},
                )
                event = repo.add_event(
                    session,
                    run.id,
                    "watchdog",
                    now,
                    due=run.next_fire_at.isoformat(),
                    late_seconds=int(late.total_seconds()),
                )
                due = journal.time(run.next_fire_at)
                text = t("escalation.log_watchdog", due=due, late=duration(late.total_seconds()))
                journal.log(run, event, text)
            if run.status == RunStatus.ACKNOWLEDGED:
                self._reescalate(session, run, now, journal)
            self._advance(session, run, now, journal)

    def _on_page_delayed(
        self, session: Session, row: OutboxMessage, delay: timedelta, now: datetime
    ) -> list[str]:
        """Slack's rate limits held the page `row` back over a minute: DM the person a plain
        stand-in now and say so in the run's thread, once per page (R5)."""
        run_id = run_of_page(row.key)
        if run_id is None or outbox_repo.by_key(session, fallback_key(row.key)) is not None:
            return []
        run = session.get(EscalationRun, run_id)
        if run is None or run.status not in repo.ACTIVE:
            return []
        sends = Sends(now)
        journal = Journal(session, sends, self.workspace(), self.language_of)
        held = duration(delay.total_seconds())
        journal.fallback(run, row.key, row.channel, held)
        event = repo.add_event(
            session, run.id, "page_delayed", now, user=row.channel, delay=int(delay.total_seconds())
        )
        journal.log(run, event, t("escalation.log_page_delayed", user=row.channel, delay=held))
        return sends.keys

    @contextmanager
    def _unit(self, now: datetime, *, send: bool = True) -> Iterator[tuple[Session, Journal]]:
        """One unit of work and the journal it writes; what it queued is sent after commit,
        unless `send` is False."""
        sends = Sends(now)
        workspace = self.workspace()
        with unit_of_work(self.factory) as session, speaking(workspace.language):
            yield session, Journal(session, sends, workspace, self.language_of)
        if send:
            sends.flush(self.outbox)

    def _emit(
        self,
        session: Session,
        journal: Journal,
        name: str,
        run: EscalationRun,
        event_id: int,
        now: datetime,
        **extra: Any,
    ) -> None:
        """Emit a webhook event for one entry of the run's audit trail (its id keys it)."""
        data: dict[str, Any] = {
            "run": run.id,
            "subject": {
                "kind": run.subject_kind,
                "ref": run.subject_ref,
                "title": run.subject_title,
                "owner": run.subject_owner,
                "team": run.subject_team,
            },
            "policy": run.policy_id,
            "status": run.status,
        }
        names = {"then": "handed_off_to", "mtta": "mtta_seconds", "by": "by", "reason": "reason"}
        data |= {names[k]: v for k, v in extra.items()}
        keys = self.events.emit(session, Event(name, f"esc-event:{event_id}", now, data))
        journal.sends.keys.extend(keys)

    # --- steps -------------------------------------------------------------------------------

    def _start(
        self, subject: Subject, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        with self._unit(now) as (session, journal):
            if not repo.claim_request(session, key, now):
                return False
            if repo.active_run(session, subject.kind, subject.ref) is not None:
                return False
            self._open(session, subject, by, reason, now, journal)
        return True

    def _open(
        self,
        session: Session,
        subject: Subject,
        by: str | None,
        reason: str,
        now: datetime,
        journal: Journal,
        *,
        snap: Snapshot | None = None,
    ) -> EscalationRun:
        """Open a run for `subject` on `snap` (default: the risks' policy) and fire level 0."""
        ws = self.workspace()
        if snap is None:
            try:
                snap = Snapshot.of(ws.policy(ws.risks.policy))
            except KeyError:
                snap = Snapshot.missing(ws.risks.policy)
        run = EscalationRun(
            subject_kind=subject.kind,
            subject_ref=subject.ref,
            subject_title=subject.title[:300],
            subject_owner=subject.owner,
            subject_team=subject.team,
            subject_customer=subject.customer,
            thread_key=subject.thread_key,
            active_key=f"{subject.kind}:{subject.ref}",
            policy_id=snap.id,
            policy_version=snap.version,
            policy=snap.to_json(),
            status=RunStatus.TRIGGERED,
            next_pass=0,
            next_level=0 if snap.levels else None,
            next_fire_at=now,
            started_by=by,
            reason=reason,
            started_at=now,
        )
        session.add(run)
        session.flush()
        event = repo.add_event(
            session, run.id, "started", now, by, reason=reason, policy=snap.id, version=snap.version
        )
        journal.open_thread(run, event)
        self._emit(session, journal, "escalation.started", run, event.id, now, reason=reason)
        text = t(
            "escalation.log_started",
            ref=run.subject_ref,
            title=run.subject_title,
            by=journal.who(by),
            reason=reason,
            policy=snap.id,
            version=snap.version,
            levels=len(snap.levels),
            repeat=snap.repeat,
        )
        journal.log(run, event, text)
        if snap.levels:
            self._advance(session, run, now, journal)
            return run
        missing = repo.add_event(session, run.id, "no_policy", now, policy=snap.id)
        text = t(
            "escalation.notice_no_policy",
            ref=run.subject_ref,
            title=run.subject_title,
            policy=snap.id,
        )
        journal.notice(run, missing, text)
        self._exhaust(session, run, now, journal, notice=False)
        return run

    def _advance(
        self, session: Session, run: EscalationRun, now: datetime, journal: Journal
    ) -> None:
        """Take the run's steps at `now` as the policy says, until one pages or the run ends."""
        snap = Snapshot.from_json(run.policy)
        while True:
            at = _position(run)
            wanted = snap.levels[at.level].targets if at else ()
            resolved = resolve_targets(session, self.workspace(), run, wanted, now)
            users = resolved.page
            turn_of = None
            if at is not None and users and snap.levels[at.level].round_robin:
                turn_of = len(users)
                users = [self._take_turn(session, snap, at, users, now)]
            paged = at is not None and repo.any_page(session, run.id, pass_no=at.pass_no)
            match next_step(snap, at, users, paged_in_pass=paged, now=now):
                case Fire() as step:
                    self._note_away(session, run, snap, step, resolved, now, journal)
                    self._fire(session, run, snap, step, now, journal, turn_of)
                    return
                case Skip() as step:
                    self._skip(session, run, snap, step, now, journal)
                    if step.then is None:
                        self._exhaust(session, run, now, journal, notice=not step.nobody)
                        return
                case Exhaust():
                    self._exhaust(session, run, now, journal, notice=True)
                    return

    @staticmethod
    def _note_away(
        session: Session,
        run: EscalationRun,
        snap: Snapshot,
        step: Fire,
        resolved: Targets,
        now: datetime,
        journal: Journal,
    ) -> None:
        """Say in the thread who of the level was skipped as away, or paged although away."""
        away = resolved.page if resolved.all_away else resolved.skipped
        if not away:
            return
        kind = "level_away_paged" if resolved.all_away else "level_away_skipped"
        at = step.at
        event = repo.add_event(
            session, run.id, kind, now, pass_no=at.pass_no, level=at.level, users=away
        )
        text = t(
            "escalation.log_away_paged" if resolved.all_away else "escalation.log_away_skipped",
            users=", ".join(f"<@{u}>" for u in away),
            **numbers(snap, at),
        )
        journal.log(run, event, text)

    def _take_turn(
        self, session: Session, snap: Snapshot, at: Position, users: list[str], now: datetime
    ) -> str:
        """The person whose turn it is at a round-robin level; moves the level's cursor."""
        user = next_in_turn(users, repo.turn(session, snap.id, at.level))
        repo.set_turn(session, snap.id, at.level, user, now)
        return user

    def _fire(
        self,
        session: Session,
        run: EscalationRun,
        snap: Snapshot,
        step: Fire,
        now: datetime,
        journal: Journal,
        turn_of: int | None = None,
    ) -> None:
        """Page the step's people; `turn_of` is how many a round-robin level chose among."""
        at = step.at
        _move(run, step.then)
        run.next_fire_at = step.due
        for user in step.users:
            if repo.add_page(session, run.id, at.pass_no, at.level, user, now, run.cycle):
                journal.page(run, snap, at, user)
        users = list(step.users)
        event = repo.add_event(
            session, run.id, "level_fired", now, pass_no=at.pass_no, level=at.level, users=users
        )
        names = ", ".join(f"<@{u}>" for u in users)
        if turn_of is not None:
            key = "escalation.log_fired_turn" if step.then else "escalation.log_fired_turn_last"
            due = journal.time(step.due)
            text = t(key, users=names, count=turn_of, next=due, **numbers(snap, at))
        else:
            key = "escalation.log_fired" if step.then else "escalation.log_fired_last"
            text = t(key, users=names, next=journal.time(step.due), **numbers(snap, at))
        journal.log(run, event, text)

    def _skip(
        self,
        session: Session,
        run: EscalationRun,
        snap: Snapshot,
        step: Skip,
        now: datetime,
        journal: Journal,
    ) -> None:
        at, targets = step.at, snap.levels[step.at.level].targets
        _move(run, step.then)
        event = repo.add_event(
            session,
            run.id,
            "level_skipped",
            now,
            pass_no=at.pass_no,
            level=at.level,
            targets=list(targets),
        )
        names = ", ".join(f"`{target}`" for target in targets)
        journal.log(run, event, t("escalation.log_skipped", targets=names, **numbers(snap, at)))
        if step.nobody:
            empty = repo.add_event(session, run.id, "pass_empty", now, pass_no=at.pass_no)
            text = t(
                "escalation.notice_nobody",
                ref=run.subject_ref,
                title=run.subject_title,
                pass_no=at.pass_no + 1,
            )
            journal.tell(run, empty, text)

    def _exhaust(
        self, session: Session, run: EscalationRun, now: datetime, journal: Journal, *, notice: bool
    ) -> None:
        """End the run without an acknowledgement; hand off to the policy's `then` if it may
        (rule 6), else tell the channel (`notice`) that the subject stays open."""
        snap = Snapshot.from_json(run.policy)
        run.status, run.active_key = RunStatus.EXHAUSTED, None
        run.next_fire_at, run.exhausted_at = None, now
        event = repo.add_event(session, run.id, "exhausted", now, passes=snap.passes)
        then = self._handoff_target(session, run, snap, now, journal)
        handed = then.id if then is not None else None
        self._emit(session, journal, "escalation.exhausted", run, event.id, now, then=handed)
        if then is not None:
            handoff = repo.add_event(session, run.id, "handed_off", now, then=then.id)
            text = t("escalation.log_handoff", policy=snap.id, ref=run.subject_ref, then=then.id)
            journal.log(run, handoff, text)
            at = journal.time(now)
            outcome = t("escalation.page_handed_off", at=at, ref=run.subject_ref, then=then.id)
            journal.close_pages(run, handoff, outcome)
            session.flush()  # the subject's active key is free before the next run takes it
            subject = Subject(
                kind=run.subject_kind,
                ref=run.subject_ref,
                title=run.subject_title,
                owner=run.subject_owner,
                team=run.subject_team,
                thread_key=run.thread_key,
                customer=run.subject_customer,
            )
            reason = t("escalation.reason_handoff", policy=snap.id)
            self._open(session, subject, None, reason, now, journal, snap=then)
            return
        journal.log(run, event, t("escalation.log_exhausted", ref=run.subject_ref))
        if notice:
            text = t(
                "escalation.notice_exhausted",
                ref=run.subject_ref,
                title=run.subject_title,
                passes=snap.passes,
            )
            journal.notice(run, event, text)
        outcome = t("escalation.page_exhausted", at=journal.time(now), ref=run.subject_ref)
        journal.close_pages(run, event, outcome)

    def _handoff_target(
        self, session: Session, run: EscalationRun, snap: Snapshot, now: datetime, journal: Journal
    ) -> Snapshot | None:
        """The snapshot an exhausted run hands off to, or None (saying why in the thread when
        the policy names a `then` it may not take)."""
        if snap.then is None:
            return None
        then, chain = snap.handoff(), (*snap.chain, snap.id)
        if then is None:
            event = repo.add_event(session, run.id, "handoff_refused", now, then=snap.then)
            text = t("escalation.log_handoff_refused", policy=snap.id, then=snap.then)
            journal.log(run, event, text)
            return None
        try:
            return Snapshot.of(self.workspace().policy(then), chain)
        except KeyError:
            event = repo.add_event(session, run.id, "handoff_missing", now, then=then)
            journal.log(run, event, t("escalation.log_handoff_missing", policy=snap.id, then=then))
            return None

    def _reescalate(
        self, session: Session, run: EscalationRun, now: datetime, journal: Journal
    ) -> None:
        """An acknowledged run nobody resolved pages its current level again (a new cycle)."""
        snap = Snapshot.from_json(run.policy)
        last = repo.last_page(session, run.id)
        ack = repo.last_ack(session, run.id)
        at = Position(last.pass_no, last.level) if last else Position(0, 0)
        run.status, run.cycle = RunStatus.TRIGGERED, run.cycle + 1
        _move(run, at)
        since = ack.at if ack else run.acked_at or now
        event = repo.add_event(
            session, run.id, "reescalated", now, cycle=run.cycle, pass_no=at.pass_no, level=at.level
        )
        text = t(
            "escalation.log_reescalated",
            user=journal.who(ack.actor if ack else run.acked_by),
            ago=duration((now - since).total_seconds()),
            **numbers(snap, at),
        )
        journal.log(run, event, text)

    def _escalate(
        self, session: Session, run: EscalationRun, by: str | None, now: datetime, journal: Journal
    ) -> bool:
        """Manual escalation (rule 9): fire the next level now, whatever its timer says.

        Past the last level there is nobody further to page: the escalations channel is asked
        for help and the run keeps its state. Returns whether a level fired.
        """
        if run.next_level is None:
            event = repo.add_event(session, run.id, "escalated_past_end", now, by)
            text = t(
                "escalation.notice_past_end",
                by=journal.who(by),
                ref=run.subject_ref,
                title=run.subject_title,
            )
            journal.tell(run, event, text)
            return False
        run.status = RunStatus.TRIGGERED
        event = repo.add_event(session, run.id, "escalated", now, by)
        journal.log(run, event, t("escalation.log_escalated", by=journal.who(by)))
        self._advance(session, run, now, journal)
        return True

    def _resolve(
        self, session: Session, run: EscalationRun, by: str | None, now: datetime, journal: Journal
    ) -> None:
        run.status, run.active_key, run.next_fire_at = RunStatus.RESOLVED, None, None
        run.resolved_by, run.resolved_at = by, now
        outbox_repo.cancel(session, page_prefix(run.id))
        event = repo.add_event(session, run.id, "resolved", now, by)
        journal.log(run, event, t("escalation.log_resolved", by=journal.who(by)))
        outcome = t("escalation.page_resolved", user=journal.who(by), at=journal.time(now))
        journal.close_pages(run, event, outcome)

    # --- clicks ----------------------------------------------------------------------------

    def _on_click(
        self,
        run_id: int,
        user: str,
        now: datetime,
        key: str,
        act: Callable[[Session, EscalationRun, str, datetime, Journal], Answer],
    ) -> Answer | None:
        with self._unit(now) as (session, journal):
            if not deliveries.claim(session, key, now):
                return None
            run = repo.locked_run(session, run_id)
            if run is None:
                raise NotFound("escalation.not_found")
            if not self.workspace().is_admin(user) and not repo.any_page(
                session, run.id, user_id=user
            ):
                raise Forbidden("escalation.not_paged")
            answer = act(session, run, user, now, journal)
        return answer

    def _acknowledge(
        self, session: Session, run: EscalationRun, user: str, now: datetime, journal: Journal
    ) -> Answer:
        if run.status == RunStatus.ACKNOWLEDGED and (ack := repo.last_ack(session, run.id)):
            # The latest acknowledgement: after a re-escalation it may not be the first one.
            latest = ack.actor or run.acked_by
            return Answer(
                "escalation.already_acked",
                {"ref": run.subject_ref, "user": latest, "at": journal.time(ack.at)},
            )
        if run.status != RunStatus.TRIGGERED:
            return self._ended(run)
        snap = Snapshot.from_json(run.policy)
        again = snap.reescalate_after
        run.status = RunStatus.ACKNOWLEDGED
        run.next_fire_at = None if again is None else now + again
        first = run.acked_at is None
        if first:
            run.acked_by, run.acked_at = user, now
            run.mtta_seconds = int((now - run.started_at).total_seconds())
        event = repo.add_event(session, run.id, "acknowledged", now, user, first=first)
        mtta = run.mtta_seconds
        self._emit(
            session, journal, "escalation.acknowledged", run, event.id, now, by=user, mtta=mtta
        )
        text = (
            t("escalation.log_acked", user=user, mtta=duration(run.mtta_seconds or 0))
            if first
            else t("escalation.log_reacked", user=user)
        )
        if again is not None:
            after = t(
                "escalation.log_acked_again_after",
                at=journal.time(now + again),
                after=duration(again.total_seconds()),
            )
            text = f"{text} {after}"
        journal.log(run, event, text)
        outbox_repo.cancel(session, page_prefix(run.id))
        outcome = t("escalation.page_acked", user=user, at=journal.time(now))
        journal.close_pages(run, event, outcome)
        return Answer("escalation.acked", {"ref": run.subject_ref})

    def _escalate_now(
        self, session: Session, run: EscalationRun, user: str, now: datetime, journal: Journal
    ) -> Answer:
        if run.status not in repo.ACTIVE:
            return self._ended(run)
        fired = self._escalate(session, run, user, now, journal)
        key = "escalation.escalated" if fired else "escalation.escalated_past_end"
        return Answer(key, {"ref": run.subject_ref})

    def _resolve_now(
        self, session: Session, run: EscalationRun, user: str, now: datetime, journal: Journal
    ) -> Answer:
        if run.status not in repo.ACTIVE:
            return self._ended(run)
        self._resolve(session, run, user, now, journal)
        risk = run.subject_ref if run.subject_kind == "risk" else None
        return Answer(
            "escalation.resolved", {"ref": run.subject_ref}, lesson_risk=risk, resolved=True
        )

    def _ended(self, run: EscalationRun) -> Answer:
        status = t(f"escalation.status_{run.status}")
        return Answer("escalation.ended", {"ref": run.subject_ref, "status": status})
