"""The risk register: raise, change, review and close risks, each kept in its own Slack thread.

Every change is one transaction that claims its delivery key, writes the risk and an
append-only history event, and queues a reply in the risk's thread plus a `chat.update` of
the thread's root, so the root always shows the current state. Slack and the escalator are
called only after commit.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.core.errors import Conflict, Forbidden, NotFound
from bot.core.exports import Row, exporter
from bot.core.messages import t
from bot.core.outbox import enqueue_message
from bot.core.ports import Subject
from bot.core.slack_gateway import SlackSendError
from bot.risk import blocks as render
from bot.risk.grammar import (
    DEFAULT_SCORE,
    AddAction,
    AddRisk,
    CloseRisk,
    EscalateRisk,
    FinishAction,
    ListRisks,
    ShowRisk,
    UpdateRisk,
    parse_risk_command,
)
from storage import deliveries, outbox
from storage import risks as repo
from storage.db import unit_of_work
from storage.models import OutboxMessage
from storage.risks import Risk, RiskEvent

if TYPE_CHECKING:
    from bot.app.container import Services

log = logging.getLogger(__name__)

PAGE_SIZE = 15
TOP = 5
HISTORY_SHOWN = 10
_ROOT_KEY = re.compile(r"risk:(\d+):root")
# Fields compared and recorded by an update, in the order replies list them.
EDITABLE = (
    "title",
    "description",
    "kind",
    "category",
    "team",
    "owner",
    "probability",
    "impact",
    "due_at",
    "response_strategy",
    "response_plan",
    "trigger",
    "contingency_plan",
    "customer_impact",
    "status",
)


def root_key(number: int) -> str:
    """Outbox key of the risk's thread root; escalations post their log under it."""
    return f"risk:{number}:root"


@dataclass(frozen=True)
class Reply:
    """An ephemeral answer to the person who asked."""

    text: str
    blocks: list[dict[str, Any]] | None = None


@dataclass(frozen=True)
class NewRisk:
    """A risk about to be raised, validated (by the command grammar or the form)."""

    title: str
    owner: str
    probability: int = DEFAULT_SCORE
    impact: int = DEFAULT_SCORE
    category: str = ""
    kind: str = "threat"
    team: str | None = None
    due_at: datetime | None = None
    description: str = ""
    response_strategy: str | None = None
    response_plan: str = ""
    trigger: str = ""
    contingency_plan: str = ""
    customer_impact: bool = False


@dataclass(frozen=True)
class Click:
    """A button on a risk message, parsed at the handler's edge."""

    user: str
    value: str
    channel: str | None
    trigger_id: str
    key: str  # idempotency: the action and its action_ts


@dataclass(frozen=True)
class _Change:
    type: str
    before: dict[str, Any]
    after: dict[str, Any]
    root_changed: bool = True


def _plain(value: Any) -> Any:
    """JSON-safe form of an attribute value for the history."""
    return value.isoformat() if isinstance(value, datetime) else value


class RiskService:
    """The register: `/risk`, the thread buttons' changes, and the reads behind lists and show."""

    def __init__(self, services: Services) -> None:
        self.services = services
        services.outbox.on_sent("risk:", self._on_sent)

    # --- shared helpers ---------------------------------------------------------------------

    @property
    def _now(self) -> datetime:
        return self.services.clock.now()

    @property
    def _tz(self) -> ZoneInfo:
        return self.services.workspace.timezone

    def team_ids(self) -> list[str]:
        return [team.id for team in self.services.workspace.teams]

    def _channel(self) -> str:
        channel = self.services.workspace.channels.get("risks")
        if not channel:
            raise Conflict("risk.error.no_channel")
        return channel

    def load(self, session: Session, number: int, *, lock: bool = False) -> Risk:
        risk = repo.get(session, number, lock=lock)
        if risk is None:
            raise NotFound("risk.error.not_found", ref=f"R-{number}")
        return risk

    def get(self, number: int) -> Risk:
        """R-<number>, read in its own transaction.

        Raises:
            NotFound: there is no such risk.
        """
        with unit_of_work(self.services.factory) as session:
            return self.load(session, number)

    def may_manage(self, user: str, risk: Risk) -> bool:
        """The owner, the lead of the risk's team and admins may change a risk."""
        workspace = self.services.workspace
        if user == risk.owner or workspace.is_admin(user):
            return True
        return any(team.id == risk.team for team in workspace.teams_led_by(user))

    def require_manage(self, user: str, risk: Risk) -> None:
        if self.may_manage(user, risk):
            return
        team = next((x for x in self.services.workspace.teams if x.id == risk.team), None)
        who = [t("risk.error.forbidden_who_owner", owner=risk.owner)]
        if team is not None:
            who.append(t("risk.error.forbidden_who_lead", team=team.name, lead=team.lead))
        who.append(t("risk.error.forbidden_who_admin"))
        raise Forbidden("risk.error.forbidden", who=", ".join(who), ref=risk.ref)

    def require_active(self, user: str, caller: str) -> None:
        """A user named as owner must be active; the caller naming themself obviously is."""
        if user != caller:
            self.services.users.require_active(user)

    def default_team(self, owner: str) -> str | None:
        teams = [x.id for x in self.services.workspace.teams if owner in (*x.members, x.lead)]
        return teams[0] if len(teams) == 1 else None

    def _subject(self, risk: Risk) -> Subject:
        return Subject(
            kind="risk",
            ref=risk.ref,
            title=risk.title,
            owner=risk.owner,
            team=risk.team,
            thread_key=root_key(risk.id),
        )

    def _escalate(self, risk: Risk, *, by: str | None, reason: str, key: str) -> None:
        escalator = self.services.escalator
        if escalator is None:
            log.info("no escalator configured", extra={"risk": risk.ref})
            return
        escalator.start(self._subject(risk), by=by, reason=t(reason), now=self._now, key=key)

    # --- /risk ------------------------------------------------------------------------------

    def command(self, sub: str, rest: str, *, user: str, trigger_id: str) -> Reply:
        """Run `/risk SUB REST` for `user`; the trigger id makes a redelivery harmless."""
        now = self._now
        tz = self.services.users.get(user).tz
        cmd = parse_risk_command(sub, rest, caller=user, tz=tz, now=now, teams=self.team_ids())
        key = f"risk:{trigger_id}"
        if isinstance(cmd, ListRisks):
            return self.list_page(cmd, user=user, tz=tz)
        if isinstance(cmd, ShowRisk):
            return self.show(cmd.number, tz=tz)
        if isinstance(cmd, AddRisk):
            owner = cmd.owner or user
            self.require_active(owner, user)
            new = NewRisk(
                title=cmd.title,
                owner=owner,
                probability=cmd.probability or DEFAULT_SCORE,
                impact=cmd.impact or DEFAULT_SCORE,
                category=self.services.workspace.risks.categories[0],
                team=cmd.team or self.default_team(owner),
                due_at=cmd.due_at,
            )
            return self.add(new, by=user, key=key)
        if isinstance(cmd, UpdateRisk):
            return self.update(cmd.number, cmd.changes, by=user, key=key)
        if isinstance(cmd, CloseRisk):
            return self.close(cmd.number, cmd.reason, by=user, key=key)
        if isinstance(cmd, EscalateRisk):
            return self.escalate(cmd.number, by=user, key=key)
        if isinstance(cmd, AddAction):
            return self.add_action(cmd, by=user, key=key)
        return self.finish_action(cmd, by=user, key=key)

    # --- raising ----------------------------------------------------------------------------

    def add(self, new: NewRisk, *, by: str, key: str) -> Reply:
        """Raise a risk: store it and post its thread root in the risks channel."""
        now = self._now
        channel = self._channel()
        settings = self.services.workspace.risks
        with unit_of_work(self.services.factory) as session:
            if not deliveries.claim(session, key, now):
                return Reply(t("risk.duplicate"))
            score = new.probability * new.impact
            rating = settings.rating(score)
            risk = Risk(
                id=repo.next_number(session),
                **{f.name: getattr(new, f.name) for f in fields(new)},
                raised_by=by,
                score=score,
                rating=rating,
                status="open",
                next_review_at=now + settings.review_interval(rating),
                created_at=now,
                updated_at=now,
            )
            session.add(risk)
            session.flush()
            snapshot = {name: _plain(getattr(risk, name)) for name in EDITABLE}
            repo.add_event(session, risk, actor=by, type="created", at=now, after=snapshot)
            root = render.root_message(risk, self._tz)
            enqueue_message(
                session,
                root_key(risk.id),
                channel,
                root,
                now,
            )
        self.services.outbox.flush(now, keys=[root_key(risk.id)])
        if rating == "critical" and settings.escalate_critical:
            self._escalate(
                risk, by=by, reason="risk.escalation.critical", key=f"risk:{risk.id}:critical"
            )
        link = self._thread_link(risk.id)
        rating_text = render.rating_label(rating)
        if link is None:
            return Reply(t("risk.added_pending", ref=risk.ref, rating=rating_text, channel=channel))
        return Reply(t("risk.added", ref=risk.ref, rating=rating_text, link=link))

    def _thread_link(self, number: int) -> str | None:
        """A permalink to the risk's thread, or None while its root is not sent yet."""
        with unit_of_work(self.services.factory) as session:
            row = outbox.by_key(session, root_key(number))
            sent = (row.sent_channel, row.sent_ts) if row is not None else (None, None)
        channel, ts = sent
        if not channel or not ts:
            return None
        try:
            return self.services.gateway.permalink(channel, ts)
        except SlackSendError as exc:
            log.warning("permalink failed", extra={"risk": number, "error": exc.error})
            return None

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
        apply: Callable[[Session, Risk, datetime], _Change | None],
        manage: bool = True,
    ) -> tuple[Risk, RiskEvent | None] | None:
        """Apply one change in one transaction and queue its thread reply and root update.

        Returns None for a delivery already handled, and (risk, None) when nothing changed.
        """
        now = self._now
        with unit_of_work(self.services.factory) as session:
            if not deliveries.claim(session, key, now):
                return None
            risk = self.load(session, number, lock=True)
            if manage:
                self.require_manage(by, risk)
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
        self.services.outbox.flush(now, keys=keys)
        return risk, event

    def _publish(
        self, session: Session, risk: Risk, event: RiskEvent, now: datetime, root_changed: bool
    ) -> list[str]:
        channel = risk.channel or self.services.workspace.channels.get("risks", "")
        reply_key = f"risk:{risk.id}:event:{event.id}"
        outbox.enqueue(
            session,
            key=reply_key,
            channel=channel,
            text=render.event_text(event, risk, self._tz),
            thread_key=root_key(risk.id),
            now=now,
        )
        keys = [reply_key]
        if root_changed:
            root = render.root_message(risk, self._tz)
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
            handover = render.root_message(risk, self._tz)
            owner_key = f"risk:{risk.id}:owner:{event.id}"
            enqueue_message(
                session,
                owner_key,
                risk.owner,
                handover,
                now,
            )
            keys.append(owner_key)
        return keys

    def update(self, number: int, changes: Mapping[str, Any], *, by: str, key: str) -> Reply:
        """Change fields of R-<number>; a new owner must be an active user."""
        if "owner" in changes:
            self.require_active(changes["owner"], by)
        settings = self.services.workspace.risks

        def apply(session: Session, risk: Risk, now: datetime) -> _Change | None:
            if risk.status == "closed" and "status" not in changes:
                raise Conflict("risk.error.closed", ref=risk.ref)
            before: dict[str, Any] = {}
            after: dict[str, Any] = {}

            def put(name: str, value: Any) -> None:
                old = getattr(risk, name)
                if old != value:
                    before[name], after[name] = _plain(old), _plain(value)
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

        result = self._change(number, by=by, key=key, apply=apply)
        if result is None:
            return Reply(t("risk.duplicate"))
        risk, event = result
        if event is None:
            return Reply(t("risk.unchanged", ref=risk.ref))
        if event.after.get("status") == "occurred":
            self._escalate(
                risk, by=by, reason="risk.escalation.occurred", key=f"risk:{risk.id}:esc:{event.id}"
            )
        return Reply(t("risk.updated_reply", ref=risk.ref))

    def close(self, number: int, reason: str, *, by: str, key: str) -> Reply:
        """Close R-<number> with a reason; any running escalation for it stops."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == "closed":
                raise Conflict("risk.error.already_closed", ref=risk.ref)
            before = {"status": risk.status}
            risk.status, risk.close_reason, risk.closed_at = "closed", reason, now
            return _Change("closed", before, {"status": "closed", "close_reason": reason})

        result = self._change(number, by=by, key=key, apply=apply)
        if result is None:
            return Reply(t("risk.duplicate"))
        risk, _ = result
        escalator = self.services.escalator
        if escalator is not None:
            escalator.resolve("risk", risk.ref, by=by, now=self._now)
        return Reply(t("risk.closed_reply", ref=risk.ref))

    def reviewed(self, number: int, *, by: str, key: str) -> Reply:
        """The owner (or lead, or an admin) looked at the risk: the next review moves on."""
        interval = self.services.workspace.risks.review_interval

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == "closed":
                raise Conflict("risk.error.closed", ref=risk.ref)
            before = {"next_review_at": _plain(risk.next_review_at)}
            risk.last_reviewed_at = now
            risk.next_review_at = now + interval(risk.rating)
            return _Change("reviewed", before, {"next_review_at": _plain(risk.next_review_at)})

        result = self._change(number, by=by, key=key, apply=apply)
        if result is None:
            return Reply(t("risk.duplicate"))
        risk, _ = result
        when = render.slack_date(risk.next_review_at, self.services.users.get(by).tz)
        return Reply(t("risk.reviewed_reply", ref=risk.ref, when=when))

    def trigger_fired(self, number: int, *, by: str, key: str) -> Reply:
        """The warning sign was seen: the risk has occurred and its escalation starts."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == "closed":
                raise Conflict("risk.error.closed", ref=risk.ref)
            if risk.status == "occurred":
                raise Conflict("risk.error.already_occurred", ref=risk.ref)
            before = {"status": risk.status}
            risk.status, risk.occurred_at = "occurred", now
            return _Change("trigger_fired", before, {"status": "occurred"})

        result = self._change(number, by=by, key=key, apply=apply)
        if result is None:
            return Reply(t("risk.duplicate"))
        risk, event = result
        assert event is not None
        self._escalate(
            risk, by=by, reason="risk.escalation.occurred", key=f"risk:{risk.id}:esc:{event.id}"
        )
        return Reply(t("risk.occurred_reply", ref=risk.ref))

    def escalate(self, number: int, *, by: str, key: str) -> Reply:
        """Page people about R-<number> now (anyone may; it is logged with who did it)."""
        escalator = self.services.escalator
        if escalator is None:
            raise Conflict("risk.error.no_escalation", ref=f"R-{number}")

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == "closed":
                raise Conflict("risk.error.closed", ref=risk.ref)
            return _Change("escalated", {}, {"status": risk.status}, root_changed=False)

        result = self._change(number, by=by, key=key, apply=apply, manage=False)
        if result is None:
            return Reply(t("risk.duplicate"))
        risk, event = result
        assert event is not None
        escalator.start(
            self._subject(risk),
            by=by,
            reason=t("risk.escalation.manual"),
            now=self._now,
            key=f"risk:{risk.id}:esc:{event.id}",
        )
        return Reply(t("risk.escalated_reply", ref=risk.ref))

    def add_action(self, cmd: AddAction, *, by: str, key: str) -> Reply:
        owner = cmd.owner or by
        self.require_active(owner, by)
        added: list[int] = []

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            if risk.status == "closed":
                raise Conflict("risk.error.closed", ref=risk.ref)
            action = repo.add_action(
                session, risk, description=cmd.description, owner=owner, due_at=cmd.due_at, now=now
            )
            added.append(action.number)
            after = {
                "action": action.number,
                "description": action.description,
                "owner": owner,
                "due_at": _plain(cmd.due_at),
            }
            return _Change("action_added", {}, after, root_changed=False)

        result = self._change(cmd.number, by=by, key=key, apply=apply)
        if result is None:
            return Reply(t("risk.duplicate"))
        return Reply(t("risk.action_added_reply", action=added[0], ref=result[0].ref))

    def finish_action(self, cmd: FinishAction, *, by: str, key: str) -> Reply:
        """Mark a mitigation action done: its owner may, as may whoever may change the risk."""

        def apply(session: Session, risk: Risk, now: datetime) -> _Change:
            action = repo.action(session, risk.id, cmd.action)
            if action is None:
                raise NotFound("risk.error.action_not_found", ref=risk.ref, action=cmd.action)
            if action.owner != by:
                self.require_manage(by, risk)
            if action.status == "done":
                raise Conflict("risk.error.action_done_already", ref=risk.ref, action=cmd.action)
            action.status, action.done_at = "done", now
            after = {"action": action.number, "description": action.description}
            return _Change("action_done", {"status": "open"}, after, root_changed=False)

        result = self._change(cmd.number, by=by, key=key, apply=apply, manage=False)
        if result is None:
            return Reply(t("risk.duplicate"))
        return Reply(t("risk.action_done_reply", action=cmd.action, ref=result[0].ref))

    # --- reading ----------------------------------------------------------------------------

    def list_page(self, cmd: ListRisks, *, user: str, tz: ZoneInfo) -> Reply:
        """One page of the register, highest score first."""
        statuses = tuple(s for s in ("open", "closed") if s in cmd.filters)
        wanted = repo.RiskFilter(
            statuses=statuses,
            owner=user if "mine" in cmd.filters else None,
            team=cmd.team,
            overdue_at=self._now if "overdue" in cmd.filters else None,
        )
        top = "top" in cmd.filters
        size = TOP if top else PAGE_SIZE
        page = 1 if top else cmd.page
        with unit_of_work(self.services.factory) as session:
            risks, total = repo.search(session, wanted, offset=(page - 1) * size, limit=size)
        pages = 1 if top else max(1, math.ceil(total / size))
        words = sorted(cmd.filters) + ([f"team:{cmd.team}"] if cmd.team else [])
        rendered = render.list_message(render.Page(risks, total, page, pages, " ".join(words)), tz)
        return Reply(rendered.text, rendered.blocks)

    def show(self, number: int, *, tz: ZoneInfo) -> Reply:
        """One risk with its actions, latest history and a link to its thread."""
        with unit_of_work(self.services.factory) as session:
            risk = self.load(session, number)
            actions = repo.actions(session, risk.id)
            events, total = repo.history(session, risk.id, HISTORY_SHOWN)
        link = self._thread_link(number)
        rendered = render.show_message(risk, actions, events, total, link, tz)
        return Reply(rendered.text, rendered.blocks)


# --- export ---------------------------------------------------------------------------------

EXPORT_COLUMNS = [
    "id",
    *EDITABLE,
    "raised_by",
    "score",
    "rating",
    "close_reason",
    "next_review_at",
    "last_reviewed_at",
    "occurred_at",
    "closed_at",
    "created_at",
    "updated_at",
    "thread_channel",
    "thread_ts",
]


@exporter("risks")
def export_risks(services: Services, since: datetime | None) -> tuple[list[str], Iterable[Row]]:
    """The register, one row per risk (`--since`: those changed since then)."""
    with unit_of_work(services.factory) as session:
        risks = repo.since(session, since)
    rows = [_export_row(risk) for risk in risks]
    return EXPORT_COLUMNS, rows


def _export_row(risk: Risk) -> Row:
    row: Row = {name: getattr(risk, name) for name in EXPORT_COLUMNS if hasattr(risk, name)}
    row.update(id=risk.ref, thread_channel=risk.channel, thread_ts=risk.thread_ts)
    return row
