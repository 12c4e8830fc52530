"""The risk register's changes: raise, update, review, fire, escalate and close risks.

Every change is one transaction that claims its delivery key, writes the risk and an
append-only history event, and queues a reply in the risk's thread plus a `chat.update` of
the thread's root, so the root always shows the current state. Slack and the escalator are
called only after commit. Reads are in `bot.risk.queries`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from bot.core.blocks.text import slack_time
from bot.core.errors import AlreadyHandled, Conflict, NotFound
from bot.core.events import Event, Events, NoEvents
from bot.core.messages import speaking, t
from bot.core.outbox import Outbox, enqueue_message
from bot.core.ports import Escalator, Subject, WorkspaceSource
from bot.core.users import UserDirectory
from bot.risk import blocks as render
from bot.risk.grammar import DEFAULT_SCORE, AddAction, AddRisk, FinishAction
from bot.risk.model import EDITABLE, NewRisk, RiskStatus, plain, root_key
from bot.risk.permissions import default_team, require_manage
from bot.risk.queries import RiskQueries, load
from storage import deliveries, outbox
from storage import risks as repo
from storage.db import SessionFactory, unit_of_work
from storage.models import OutboxMessage
from storage.risks import Risk, RiskEvent

log = logging.getLogger(__name__)

_ROOT_KEY = re.compile(r"risk:(\d+):root")


@dataclass(frozen=True)
class Reply:
    """What the person who asked is told (ephemeral)."""

    text: str


@dataclass(frozen=True)
class _Change:
    type: str
    before: dict[str, Any]
    after: dict[str, Any]
    root_changed: bool = True


@dataclass(kw_only=True)
class RiskService:
    """Changes to the register: `/risk add|update|close|escalate|action|done` and the buttons."""

    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox
    queries: RiskQueries
    escalator: Escalator | None
    events: Events = field(default_factory=NoEvents)

    def __post_init__(self) -> None:
        self.outbox.on_sent("risk:", self._on_sent)

    # --- shared helpers ---------------------------------------------------------------------

    def _channel(self) -> str:
        channel = self.workspace().channels.get("risks")
        if not channel:
            raise Conflict("risk.error.no_channel")
        return channel

    def require_active(self, user: str, caller: str) -> None:
        """A user named as owner must be active; the caller naming themself obviously is."""
        if user != caller:
            self.users.require_active(user)

    def _subject(self, risk: Risk) -> Subject:
        return Subject(
            kind="risk",
            ref=risk.ref,
            title=risk.title,
            owner=risk.owner,
            team=risk.team,
            thread_key=root_key(risk.id),
            customer=risk.customer_impact,
        )

    def _escalate(
        self, risk: Risk, *, by: str | None, reason: str, key: str, now: datetime
    ) -> None:
        if self.escalator is None:
            log.info("no escalator configured", extra={"risk": risk.ref})
            return
        self.escalator.start(self._subject(risk), by=by, reason=t(reason), now=now, key=key)

    def _occurred(self, risk: Risk, event: RiskEvent, *, by: str, now: datetime) -> None:
        """The risk happened (status or trigger): its escalation starts, once per event."""
        key = f"risk:{risk.id}:esc:{event.id}"
        self._escalate(risk, by=by, reason="risk.escalation.occurred", key=key, now=now)

    def new_risk(self, cmd: AddRisk, *, by: str) -> NewRisk:
        """The risk `/risk add` describes, with the caller as owner unless one is named."""
        owner = cmd.owner or by
        self.require_active(owner, by)
        workspace = self.workspace()
        return NewRisk(
            title=cmd.title,
            owner=owner,
            probability=cmd.probability or DEFAULT_SCORE,
            impact=cmd.impact or DEFAULT_SCORE,
            category=workspace.risks.categories[0],
            team=cmd.team or default_team(workspace, owner),
            due_at=cmd.due_at,
            customer_impact=cmd.customer,
        )

    # --- raising ----------------------------------------------------------------------------

    def add(self, new: NewRisk, *, by: str, key: str, now: datetime) -> Reply:
        """Raise a risk: store it and post its thread root in the risks channel."""
        channel = self._channel()
        settings = self.workspace().risks
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                raise AlreadyHandled("risk.duplicate")
            score = new.probability * new.impact
            rating = settings.rating(score)
            risk = Risk(
                id=repo.next_number(session),
                **{f.name: getattr(new, f.name) for f in fields(new)},
                raised_by=by,
                score=score,
                rating=rating,
                status=RiskStatus.OPEN,
                next_review_at=now + settings.review_interval(rating),
                created_at=now,
                updated_at=now,
            )
            session.add(risk)
            session.flush()
            snapshot = {name: plain(getattr(risk, name)) for name in EDITABLE}
            created = repo.add_event(
                session, risk, actor=by, type="created", at=now, after=snapshot
            )
            with speaking(self.workspace().language):  # the risks channel's language
                root = render.root_message(risk, self.workspace().timezone)
            enqueue_message(
                session,
                root_key(risk.id),
                channel,
                root,
                now,
            )
            keys = [root_key(risk.id)]
            keys += self.events.emit(session, _risk_event("risk.raised", risk, created, now))
        self.outbox.flush(now, keys=keys)
        if rating == "critical" and settings.escalate_critical:
            self._escalate(
                risk,
                by=by,
                reason="risk.escalation.critical",
                key=f"risk:{risk.id}:critical",
                now=now,
            )
        link = self.queries.thread_link(risk.id)
        rating_text = render.rating_label(rating)
        if link is None:
            return Reply(t("risk.added_pending", ref=risk.ref, rating=rating_text, channel=channel))
        return Reply(t("risk.added", ref=risk.ref, rating=rating_text, link=link))

    def _on_sent(self, session: Session, row: OutboxMessage) -> None:
        """Remember where each risk's thread lives once its root is posted."""
        match = _ROOT_KEY.fullmatch(row.key)
        if match is None:
            return
        risk = repo.get(session, int(match.group(1)))
        if risk is not None:
            risk.channel, risk.thread_ts = row.sent_channel, row.sent_ts

    # --- changing ---------------------------------------------------------------------------

    def _change(
        self,
        number: int,
        *,
        by: str,
        key: str,
        now: datetime,
        apply: Callable[[Session, Risk, datetime], _Change | None],
        manage: bool = True,
    ) -> tuple[Risk, RiskEvent | None]:
        """Apply one change in one transaction and queue its thread reply and root update.

        Returns (risk, None) when nothing changed.

        Raises:
            AlreadyHandled: the delivery key was used before.
        """
        with unit_of_work(self.factory) as session:
            if not deliveries.claim(session, key, now):
                raise AlreadyHandled("risk.duplicate")
            risk = load(session, number, lock=True)
            if manage:
                require_manage(self.workspace(), by, risk)
            change = apply(session, risk, now)
            if change is None:
                return risk, None
            risk.updated_at = now
            event = repo.add_event(
                session,
                risk,
                actor=by,
                type=change.type,
                at=now,
                before=change.before,
                after=change.after,
            )
            keys = self._publish(session, risk, event, now, change.root_changed)
        self.outbox.flush(now, keys=keys)
        return risk, event

    def _publish(
        self, session: Session, risk: Risk, event: RiskEvent, now: datetime, root_changed: bool
    ) -> list[str]:
        channel = risk.channel or self.workspace().channels.get("risks", "")
        reply_key = f"risk:{risk.id}:event:{event.id}"
        with speaking(self.workspace().language):  # the risks channel's language
            text = render.event_text(event, risk, self.workspace().timezone)
            root = render.root_message(risk, self.workspace().timezone)
        outbox.enqueue(
            session,
            key=reply_key,
            channel=channel,
            text=text,
            thread_key=root_key(risk.id),
            now=now,
        )
        keys = [reply_key]
        if root_changed:
            update_key = f"risk:{risk.id}:root:{event.id}"
            enqueue_message(
                session,
                update_key,
                channel,
                root,
                now,
                target_key=root_key(risk.id),
            )
            keys.append(update_key)
        if event.type == "updated" and "owner" in event.after:
            # The new owner hears it from Tandem, not by chance.
            language = self.users.locale(risk.owner, self.workspace().language_for(risk.owner))
            with speaking(language):
                handover = render.root_message(risk, self.workspace().timezone)
            owner_key = f"risk:{risk.id}:owner:{event.id}"
            enqueue_message(
                session,
                owner_key,
                risk.owner,
                handover,
                now,
            )
            keys.append(owner_key)
        keys += self.events.emit(session, _risk_event("risk.changed", risk, event, now))
        return keys

    def update(
        self, number: int, changes: Mapping[str, Any], *, by: str, key: str, now: datetime
    ) -> Reply:
        """Change fields of R-<number>; a new owner must be an active user."""
        if "owner" in changes:
            self.require_active(changes["owner"], by)
        settings = self.workspace().risks

        def apply(session: Session, risk: Risk, now: datetime) -> _Change | None:
            if risk.status == RiskStatus.CLOSED and "status" not in changes:
                raise Conflict("risk.error.closed", ref=risk.ref)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}

            def put(name: str, value: Any) -> None:
                old = getattr(risk, name)
                if old != value:
                    before[name], after[name] = plain(old), plain(value)
                    setattr(risk, name, value)

            for name in EDITABLE:
                if name in changes:
                    put(name, changes[name])
            if not after:
                return None
            if "probability" in after or "impact" in after:
                put("score", risk.probability * risk.impact)
                put("rating", settings.rating(risk.score))
                # Re-scoring is a review: the next one follows the (new) rating's cadence.
                risk.last_reviewed_at = now
                risk.next_review_at = now + settings.review_interval(risk.rating)
            if after.get("status") == "occurred":
                risk.occurred_at = now
            if before.get("status") == "closed":
                put("close_reason", None)
                risk.closed_at = None
            return _Change("updated", before, after)

        result = self._change(number, by=by, key=key, now=now, apply=apply)
        risk, event = result
        if event is None:
            return Reply(t("risk.unchanged", ref=risk.ref))
        if event.after.get("status") == "occurred":
            self._occurred(risk, event, by=by, now=now)
        return Reply(t("risk.updated_reply", ref=risk.ref))

    def close(self, number: int, reason: str, *, by: str, key: str, now: datetime) -> Reply:
        """Close R-<number> with a reason; any running escalation for it stops."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == RiskStatus.CLOSED:
                raise Conflict("risk.error.already_closed", ref=risk.ref)
            before = {"status": risk.status}
            risk.status, risk.close_reason, risk.closed_at = RiskStatus.CLOSED, reason, now
            return _Change("closed", before, {"status": "closed", "close_reason": reason})

        result = self._change(number, by=by, key=key, now=now, apply=apply)
        risk, _ = result
        if self.escalator is not None:
            self.escalator.resolve("risk", risk.ref, by=by, now=now)
        return Reply(t("risk.closed_reply", ref=risk.ref))

    def reviewed(self, number: int, *, by: str, key: str, now: datetime) -> Reply:
        """The owner (or lead, or an admin) looked at the risk: the next review moves on."""
        interval = self.workspace().risks.review_interval

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == RiskStatus.CLOSED:
                raise Conflict("risk.error.closed", ref=risk.ref)
            before = {"next_review_at": plain(risk.next_review_at)}
            risk.last_reviewed_at = now
            risk.next_review_at = now + interval(risk.rating)
            return _Change("reviewed", before, {"next_review_at": plain(risk.next_review_at)})

        result = self._change(number, by=by, key=key, now=now, apply=apply)
        risk, _ = result
        when = slack_time(risk.next_review_at, self.users.get(by).tz)
        return Reply(t("risk.reviewed_reply", ref=risk.ref, when=when))

    def trigger_fired(self, number: int, *, by: str, key: str, now: datetime) -> Reply:
        """The warning sign was seen: the risk has occurred and its escalation starts."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == RiskStatus.CLOSED:
                raise Conflict("risk.error.closed", ref=risk.ref)
            if risk.status == RiskStatus.OCCURRED:
                raise Conflict("risk.error.already_occurred", ref=risk.ref)
            before = {"status": risk.status}
            risk.status, risk.occurred_at = RiskStatus.OCCURRED, now
            return _Change("trigger_fired", before, {"status": "occurred"})

        result = self._change(number, by=by, key=key, now=now, apply=apply)
        risk, event = result
        assert event is not None
        self._occurred(risk, event, by=by, now=now)
        return Reply(t("risk.occurred_reply", ref=risk.ref))

    def escalate(self, number: int, *, by: str, key: str, now: datetime) -> Reply:
        """Page people about R-<number> now (anyone may; it is logged with who did it).

        When its escalation is already going, nobody new is paged: the caller is told where
        it stands (in their zone), with the thread's link.
        """
        escalator = self.escalator
        if escalator is None:
            raise Conflict("risk.error.no_escalation", ref=f"R-{number}")
        going = self._escalation_state(escalator, number, by)
        if going is not None:
            return going

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == RiskStatus.CLOSED:
                raise Conflict("risk.error.closed", ref=risk.ref)
            return _Change("escalated", {}, {"status": risk.status}, root_changed=False)

        result = self._change(number, by=by, key=key, now=now, apply=apply, manage=False)
        risk, event = result
        assert event is not None
        started = escalator.start(
            self._subject(risk),
            by=by,
            reason=t("risk.escalation.manual"),
            now=now,
            key=f"risk:{risk.id}:esc:{event.id}",
        )
        if not started:  # a run opened in between (say, by a concurrent request)
            going = self._escalation_state(escalator, number, by)
            if going is not None:
                return going
        return Reply(t("risk.escalated_reply", ref=risk.ref))

    def _escalation_state(self, escalator: Escalator, number: int, by: str) -> Reply | None:
        """What `/risk escalate` answers when R-<number>'s escalation is already going."""
        tz = self.users.get(by).tz
        text = escalator.describe(
            "risk", f"R-{number}", tz=tz, link=lambda: self.queries.thread_link(number)
        )
        return None if text is None else Reply(text)

    def add_action(self, cmd: AddAction, *, by: str, key: str, now: datetime) -> Reply:
        owner = cmd.owner or by
        self.require_active(owner, by)
        added: list[int] = []

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == RiskStatus.CLOSED:
                raise Conflict("risk.error.closed", ref=risk.ref)
            action = repo.add_action(
                session, risk, description=cmd.description, owner=owner, due_at=cmd.due_at, now=now
            )
            added.append(action.number)
            after = {
                "action": action.number,
                "description": action.description,
                "owner": owner,
                "due_at": plain(cmd.due_at),
            }
            return _Change("action_added", {}, after, root_changed=False)

        result = self._change(cmd.number, by=by, key=key, now=now, apply=apply)
        return Reply(t("risk.action_added_reply", action=added[0], ref=result[0].ref))

    def finish_action(self, cmd: FinishAction, *, by: str, key: str, now: datetime) -> Reply:
        """Mark a mitigation action done: its owner may, as may whoever may change the risk."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            action = repo.action(session, risk.id, cmd.action)
            if action is None:
                raise NotFound("risk.error.action_not_found", ref=risk.ref, action=cmd.action)
            if action.owner != by:
                require_manage(self.workspace(), by, risk)
            if action.status == "done":
                raise Conflict("risk.error.action_done_already", ref=risk.ref, action=cmd.action)
            action.status, action.done_at = "done", now
            after = {"action": action.number, "description": action.description}
            return _Change("action_done", {"status": "open"}, after, root_changed=False)

        result = self._change(cmd.number, by=by, key=key, now=now, apply=apply, manage=False)
        return Reply(t("risk.action_done_reply", action=cmd.action, ref=result[0].ref))

    def tell(self, user: str, text: str, *, key: str, now: datetime) -> None:
        """DM `text` to `user` through the outbox, once per `key` (when no ephemeral can go)."""
        dm_key = f"risk:tell:{key}"
        with unit_of_work(self.factory) as session:
            outbox.enqueue(session, key=dm_key, channel=user, text=text, now=now)
        self.outbox.flush(now, keys=[dm_key])


def _risk_event(name: str, risk: Risk, event: RiskEvent, now: datetime) -> Event:
    """A webhook event for one entry of the risk's history (its id keys the event)."""
    data: dict[str, Any] = {
        "risk": {
            "ref": risk.ref,
            "title": risk.title,
            "owner": risk.owner,
            "team": risk.team,
            "status": risk.status,
            "probability": risk.probability,
            "impact": risk.impact,
            "score": risk.score,
            "rating": risk.rating,
            "due_at": plain(risk.due_at),
            "customer": risk.customer_impact,
        },
        "by": event.actor,
    }
    if name == "risk.changed":
        data |= {"change": event.type, "before": event.before, "after": event.after}
    return Event(name=name, key=f"risk-event:{event.id}", at=now, data=data)
