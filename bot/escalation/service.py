"""Escalation runs: page the right people, exactly once per step, until someone acknowledges.

The rules are design/escalation-and-risk.md (b) and the promises (d) R3–R8:

* A run snapshots its policy when it starts; later edits of tandem.toml never change it.
* Level 0 fires at once; each level pages every person its targets resolve to at that moment
  and waits its `after` for an acknowledgement, counted from when it fired. A level that
  resolves to nobody is skipped at once. After the last level come `repeat` more passes from
  `repeat_from_level`; then the run is exhausted. A pass that paged nobody is announced with
  @here, and the run ends there: repeating it at the same instant would page nobody again.
* State lives in the database. The tick advances a run only while holding its row (FOR
  UPDATE SKIP LOCKED on PostgreSQL, the write lock on SQLite) and only if its version
  (`fence`) is unchanged, in the same transaction that writes the pages into the outbox, which
  sends them after commit. A page is recorded once per (run, pass, level, person).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.core.blocks.text import duration, mention, slack_time
from bot.core.errors import Forbidden, NotFound
from bot.core.exports import Row
from bot.core.messages import t
from bot.core.outbox import Outbox
from bot.core.ports import Subject
from bot.core.sends import Sends
from bot.core.workspace.model import EscalationPolicy, Team, WorkspaceConfig
from bot.escalation.blocks import Page, closed_page_message, page_message
from bot.oncall.service import on_call_now
from storage import deliveries
from storage import escalations as repo
from storage import outbox as outbox_repo
from storage.db import SessionFactory, unit_of_work
from storage.escalations import EscalationEvent, EscalationPage, EscalationRun

log = logging.getLogger(__name__)

TICK_INTERVAL = timedelta(seconds=30)  # the clock's interval (bot/scheduler.py)
WATCHDOG_AFTER = 2 * TICK_INTERVAL  # a step later than this was missed by the clock
DUE_BATCH = 100


@dataclass(frozen=True)
class Level:
    targets: tuple[str, ...]
    after: timedelta


@dataclass(frozen=True)
class Snapshot:
    """The policy as it was when a run started (rule 1); stored as JSON on the run."""

    id: str
    version: str
    levels: tuple[Level, ...]
    repeat: int = 0
    repeat_from_level: int = 0

    @classmethod
    def of(cls, policy: EscalationPolicy) -> Snapshot:
        levels = tuple(Level(level.notify, level.after) for level in policy.levels)
        return cls(policy.id, policy.version, levels, policy.repeat, policy.repeat_from_level)

    @classmethod
    def missing(cls, policy_id: str) -> Snapshot:
        """Stands for a policy tandem.toml does not define: no levels, so nobody is paged."""
        return cls(policy_id, "-", ())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "version": self.version,
            "repeat": self.repeat,
            "repeat_from_level": self.repeat_from_level,
            "levels": [
                {"notify": list(lv.targets), "after_seconds": lv.after.total_seconds()}
                for lv in self.levels
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Snapshot:
        levels = tuple(
            Level(tuple(lv["notify"]), timedelta(seconds=lv["after_seconds"]))
            for lv in data["levels"]
        )
        return cls(data["id"], data["version"], levels, data["repeat"], data["repeat_from_level"])

    @property
    def passes(self) -> int:
        return self.repeat + 1

    def successor(self, pass_no: int, level: int) -> tuple[int, int] | None:
        """The step after (pass_no, level), or None after the last level of the last pass."""
        if level + 1 < len(self.levels):
            return pass_no, level + 1
        if pass_no < self.repeat:
            return pass_no + 1, self.repeat_from_level
        return None


@dataclass(frozen=True)
class Answer:
    """What the person who clicked is told (a message id and its parameters)."""

    key: str
    params: dict[str, Any] = field(default_factory=dict)

    def render(self) -> str:
        return t(self.key, **self.params)


def _team(ws: WorkspaceConfig, team_id: str | None) -> Team | None:
    return next((team for team in ws.teams if team.id == team_id), None)


def page_key(run_id: int, pass_no: int, level: int, user: str) -> str:
    """Outbox key of one page DM; every page of a run starts with `page_prefix(run_id)`."""
    return f"{page_prefix(run_id)}{pass_no}:{level}:{user}"


def page_prefix(run_id: int) -> str:
    return f"page:{run_id}:"


class EscalationService:
    """Implements `Escalator` (bot/subjects.py); the buttons and the tick step use it too."""

    def __init__(
        self,
        factory: SessionFactory,
        outbox: Outbox,
        workspace: Callable[[], WorkspaceConfig],
    ) -> None:
        self.factory = factory
        self.outbox = outbox
        self.workspace = workspace

    # --- the Escalator port --------------------------------------------------------------

    def start(
        self, subject: Subject, *, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        """Start a run on `workspace.risks.policy`, or escalate the subject's active run now."""
        try:
            return self._start(subject, by, reason, now, key)
        except IntegrityError:
            # A concurrent request opened a run for this subject first: this one escalates it.
            return self._start(subject, by, reason, now, key)

    def resolve(self, kind: str, ref: str, *, by: str | None, now: datetime) -> bool:
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            run = repo.active_run(session, kind, ref)
            if run is None:
                return False
            self._resolve(session, run, by, now, sends)
        sends.flush(self.outbox)
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
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
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
                due = slack_time(run.next_fire_at, self.workspace().timezone)
                self._log(
                    session,
                    run,
                    event,
                    t("escalation.log_watchdog", due=due, late=duration(late.total_seconds())),
                    sends,
                )
            self._advance(session, run, now, sends)

    # --- steps -------------------------------------------------------------------------------

    def _start(
        self, subject: Subject, by: str | None, reason: str, now: datetime, key: str
    ) -> bool:
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not repo.claim_request(session, key, now):
                return False
            run = repo.active_run(session, subject.kind, subject.ref)
            if run is None:
                self._open(session, subject, by, reason, now, sends)
            else:
                self._escalate(session, run, by, now, sends)
        sends.flush(self.outbox)
        return True

    def _open(
        self,
        session: Session,
        subject: Subject,
        by: str | None,
        reason: str,
        now: datetime,
        sends: Sends,
    ) -> None:
        ws = self.workspace()
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
            thread_key=subject.thread_key,
            active_key=f"{subject.kind}:{subject.ref}",
            policy_id=snap.id,
            policy_version=snap.version,
            policy=snap.to_json(),
            status="triggered",
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
        escalations_channel = ws.channels.get("escalations")
        if run.thread_key is None and escalations_channel:
            run.thread_key = self._log_key(event)  # this first line is the run's own thread
        text = t(
            "escalation.log_started",
            ref=run.subject_ref,
            title=run.subject_title,
            by=self._who(by),
            reason=reason,
            policy=snap.id,
            version=snap.version,
            levels=len(snap.levels),
            repeat=snap.repeat,
        )
        self._log(session, run, event, text, sends, channel=escalations_channel)
        if snap.levels:
            self._advance(session, run, now, sends)
            return
        missing = repo.add_event(session, run.id, "no_policy", now, policy=snap.id)
        self._notice(
            session,
            run,
            missing,
            t(
                "escalation.notice_no_policy",
                ref=run.subject_ref,
                title=run.subject_title,
                policy=snap.id,
            ),
            sends,
        )
        self._exhaust(session, run, now, sends, notice=False)

    def _advance(self, session: Session, run: EscalationRun, now: datetime, sends: Sends) -> None:
        """Fire the run's next level at `now`; skip empty levels at once; exhaust at the end."""
        snap = Snapshot.from_json(run.policy)
        told = False
        while run.next_pass is not None and run.next_level is not None:
            pass_no, index = run.next_pass, run.next_level
            level = snap.levels[index]
            users = self._targets(session, run, level, now)
            step = snap.successor(pass_no, index)
            run.next_pass, run.next_level = step if step else (None, None)
            numbers = {
                "level": index + 1,
                "levels": len(snap.levels),
                "pass_no": pass_no + 1,
                "passes": snap.passes,
            }
            if users:
                run.next_fire_at = now + level.after
                for user in users:
                    if repo.add_page(session, run.id, pass_no, index, user, now):
                        self._page(session, run, snap, pass_no, index, user, sends)
                event = repo.add_event(
                    session, run.id, "level_fired", now, pass_no=pass_no, level=index, users=users
                )
                text = t(
                    "escalation.log_fired" if step else "escalation.log_fired_last",
                    users=", ".join(f"<@{u}>" for u in users),
                    next=slack_time(run.next_fire_at, self.workspace().timezone),
                    **numbers,
                )
                self._log(session, run, event, text, sends)
                return
            event = repo.add_event(
                session,
                run.id,
                "level_skipped",
                now,
                pass_no=pass_no,
                level=index,
                targets=list(level.targets),
            )
            targets = ", ".join(f"`{target}`" for target in level.targets)
            self._log(
                session, run, event, t("escalation.log_skipped", targets=targets, **numbers), sends
            )
            if index == len(snap.levels) - 1 and not repo.any_page(
                session, run.id, pass_no=pass_no
            ):
                empty = repo.add_event(session, run.id, "pass_empty", now, pass_no=pass_no)
                text = t(
                    "escalation.notice_nobody",
                    ref=run.subject_ref,
                    title=run.subject_title,
                    pass_no=pass_no + 1,
                )
                self._notice(session, run, empty, text, sends)
                self._log(session, run, empty, text, sends)
                run.next_pass = run.next_level = None
                told = True
        self._exhaust(session, run, now, sends, notice=not told)

    def _exhaust(
        self, session: Session, run: EscalationRun, now: datetime, sends: Sends, *, notice: bool
    ) -> None:
        snap = Snapshot.from_json(run.policy)
        run.status, run.active_key, run.next_fire_at, run.exhausted_at = (
            "exhausted",
            None,
            None,
            now,
        )
        event = repo.add_event(session, run.id, "exhausted", now, passes=snap.passes)
        self._log(
            session,
            run,
            event,
            t("escalation.log_exhausted", ref=run.subject_ref),
            sends,
        )
        if notice:
            text = t(
                "escalation.notice_exhausted",
                ref=run.subject_ref,
                title=run.subject_title,
                passes=snap.passes,
            )
            self._notice(session, run, event, text, sends)
        self._close_pages(
            session,
            run,
            event,
            t("escalation.page_exhausted", at=self._at(now), ref=run.subject_ref),
            sends,
        )

    def _escalate(
        self, session: Session, run: EscalationRun, by: str | None, now: datetime, sends: Sends
    ) -> bool:
        """Manual escalation (rule 9): fire the next level now, whatever its timer says.

        Past the last level there is nobody further to page: the escalations channel is asked
        for help and the run keeps its state. Returns whether a level fired.
        """
        if run.next_level is None:
            event = repo.add_event(session, run.id, "escalated_past_end", now, by)
            text = t(
                "escalation.notice_past_end",
                by=self._who(by),
                ref=run.subject_ref,
                title=run.subject_title,
            )
            self._notice(session, run, event, text, sends)
            self._log(session, run, event, text, sends)
            return False
        run.status = "triggered"
        event = repo.add_event(session, run.id, "escalated", now, by)
        self._log(session, run, event, t("escalation.log_escalated", by=self._who(by)), sends)
        self._advance(session, run, now, sends)
        return True

    def _resolve(
        self, session: Session, run: EscalationRun, by: str | None, now: datetime, sends: Sends
    ) -> None:
        run.status, run.active_key, run.next_fire_at = "resolved", None, None
        run.resolved_by, run.resolved_at = by, now
        outbox_repo.cancel(session, page_prefix(run.id))
        event = repo.add_event(session, run.id, "resolved", now, by)
        self._log(session, run, event, t("escalation.log_resolved", by=self._who(by)), sends)
        outcome = t("escalation.page_resolved", user=self._who(by), at=self._at(now))
        self._close_pages(session, run, event, outcome, sends)

    # --- clicks ----------------------------------------------------------------------------

    def _on_click(
        self,
        run_id: int,
        user: str,
        now: datetime,
        key: str,
        act: Callable[[Session, EscalationRun, str, datetime, Sends], Answer],
    ) -> Answer | None:
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            run = repo.locked_run(session, run_id)
            if run is None:
                raise NotFound("escalation.not_found")
            if not self.workspace().is_admin(user) and not repo.any_page(
                session, run.id, user_id=user
            ):
                raise Forbidden("escalation.not_paged")
            answer = act(session, run, user, now, sends)
        sends.flush(self.outbox)
        return answer

    def _acknowledge(
        self, session: Session, run: EscalationRun, user: str, now: datetime, sends: Sends
    ) -> Answer:
        if run.status == "acknowledged" and run.acked_by and run.acked_at:
            return Answer(
                "escalation.already_acked",
                {"ref": run.subject_ref, "user": run.acked_by, "at": self._at(run.acked_at)},
            )
        if run.status != "triggered":
            return self._ended(run)
        run.status, run.next_fire_at = "acknowledged", None
        first = run.acked_at is None
        if first:
            run.acked_by, run.acked_at = user, now
            run.mtta_seconds = int((now - run.started_at).total_seconds())
        event = repo.add_event(session, run.id, "acknowledged", now, user, first=first)
        text = (
            t("escalation.log_acked", user=user, mtta=duration(run.mtta_seconds or 0))
            if first
            else t("escalation.log_reacked", user=user)
        )
        self._log(session, run, event, text, sends)
        outbox_repo.cancel(session, page_prefix(run.id))
        outcome = t("escalation.page_acked", user=user, at=self._at(now))
        self._close_pages(session, run, event, outcome, sends)
        return Answer("escalation.acked", {"ref": run.subject_ref})

    def _escalate_now(
        self, session: Session, run: EscalationRun, user: str, now: datetime, sends: Sends
    ) -> Answer:
        if run.status not in repo.ACTIVE:
            return self._ended(run)
        fired = self._escalate(session, run, user, now, sends)
        key = "escalation.escalated" if fired else "escalation.escalated_past_end"
        return Answer(key, {"ref": run.subject_ref})

    def _resolve_now(
        self, session: Session, run: EscalationRun, user: str, now: datetime, sends: Sends
    ) -> Answer:
        if run.status not in repo.ACTIVE:
            return self._ended(run)
        self._resolve(session, run, user, now, sends)
        return Answer("escalation.resolved", {"ref": run.subject_ref})

    def _ended(self, run: EscalationRun) -> Answer:
        status = t(f"escalation.status_{run.status}")
        return Answer("escalation.ended", {"ref": run.subject_ref, "status": status})

    # --- who, and what they are told -------------------------------------------------------

    def _targets(
        self, session: Session, run: EscalationRun, level: Level, now: datetime
    ) -> list[str]:
        """The people a level's targets resolve to at `now`, in order, each once."""
        ws = self.workspace()
        found: list[str] = []
        for target in level.targets:
            kind, _, ref = target.partition(":")
            user: str | None
            if target == "owner":
                user = run.subject_owner
            elif kind == "lead":
                user = team.lead if (team := _team(ws, ref)) else None
            elif kind == "rotation":
                user = on_call_now(session, ws, ref, now)
            else:
                user = target
            if user and user not in found:
                found.append(user)
        return found

    def _page(
        self,
        session: Session,
        run: EscalationRun,
        snap: Snapshot,
        pass_no: int,
        level: int,
        user: str,
        sends: Sends,
    ) -> None:
        text, blocks = page_message(self._page_view(run, snap, pass_no, level))
        key = page_key(run.id, pass_no, level, user)
        sends.add(session, key=key, channel=user, text=text, blocks=blocks)

    def _close_pages(
        self,
        session: Session,
        run: EscalationRun,
        event: EscalationEvent,
        outcome: str,
        sends: Sends,
    ) -> None:
        """Replace the buttons of every page DM that went (or is going) out with `outcome`."""
        snap = Snapshot.from_json(run.policy)
        pages: dict[str, EscalationPage] = {
            page_key(run.id, p.pass_no, p.level, p.user_id): p for p in repo.pages(session, run.id)
        }
        live = repo.live_message_keys(session, list(pages))
        for key, page in pages.items():
            if key not in live:
                continue
            view = self._page_view(run, snap, page.pass_no, page.level)
            text, blocks = closed_page_message(view, outcome)
            sends.add(
                session,
                key=f"esc-upd:{event.id}:{page.id}",
                channel=page.user_id,
                text=text,
                blocks=blocks,
                op="update",
                target_key=key,
            )

    @staticmethod
    def _page_view(run: EscalationRun, snap: Snapshot, pass_no: int, level: int) -> Page:
        return Page(
            run_id=run.id,
            ref=run.subject_ref,
            title=run.subject_title,
            reason=run.reason,
            level=level + 1,
            levels=len(snap.levels),
            pass_no=pass_no + 1,
            passes=snap.passes,
            policy=snap.id,
            version=snap.version,
        )

    @staticmethod
    def _log_key(event: EscalationEvent) -> str:
        return f"esc-log:{event.id}"

    def _log(
        self,
        session: Session,
        run: EscalationRun,
        event: EscalationEvent,
        text: str,
        sends: Sends,
        *,
        channel: str | None = None,
    ) -> None:
        """Mirror an event in the run's thread (rule 14); the run's own root goes to `channel`."""
        if run.thread_key is None:
            return
        key = self._log_key(event)
        if key == run.thread_key:
            sends.add(session, key=key, channel=channel or "", text=text)
        else:
            sends.add(session, key=key, channel="", text=text, thread_key=run.thread_key)

    def _notice(
        self,
        session: Session,
        run: EscalationRun,
        event: EscalationEvent,
        text: str,
        sends: Sends,
    ) -> None:
        """Tell the escalations channel (or, without one, the subject's team channel)."""
        ws = self.workspace()
        channel = ws.channels.get("escalations")
        if not channel and (team := _team(ws, run.subject_team)):
            channel = team.channel
        if not channel:
            log.error("no channel to tell that nobody was paged", extra={"run": run.id})
            return
        sends.add(session, key=f"esc-notice:{event.id}", channel=channel, text=text)

    def _who(self, user: str | None) -> str:
        return mention(user, t("escalation.system"))

    def _at(self, at: datetime) -> str:
        return slack_time(at, self.workspace().timezone)


def export_escalations(
    factory: SessionFactory, since: datetime | None
) -> tuple[list[str], Iterable[Row]]:
    """One row per run: subject, policy version, start, first acknowledgement, MTTA, status."""

    def rows() -> Iterable[Row]:
        with unit_of_work(factory) as session:
            yield from (asdict(run) for run in repo.all_runs(session, since))

    return [column.name for column in fields(repo.RunSummary)], rows()
