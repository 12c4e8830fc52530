"""`/page TARGET MESSAGE`: anyone pages a person, a rotation, a team's lead or a policy.

A page is an escalation run like any other (the same DMs with Acknowledge / Escalate now /
Resolve, the same exactly-once steps) on a subject of kind `page`, numbered P-1, P-2, …, with
its own thread in the escalations channel. `@user`, `rotation:ID` and `team:ID` page one
level at that target, which waits `PAGE_WAIT` and is paged again `PAGE_REPEAT` more times
before the escalations channel is told; `policy:ID` runs that policy as it is now.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.errors import NotFound, UserError
from bot.core.messages import t
from bot.core.ports import Subject, WorkspaceSource
from bot.core.slack_gateway import SlackGateway, SlackSendError
from bot.core.users import UserDirectory
from bot.core.workspace.model import EscalationLevel, EscalationPolicy
from bot.escalation.policy import Snapshot
from bot.escalation.service import EscalationService
from storage import outbox as outbox_repo
from storage.db import SessionFactory, unit_of_work

log = logging.getLogger(__name__)

PAGE_WAIT = timedelta(minutes=15)
PAGE_REPEAT = 2  # pages again twice: three pages over 45 minutes, then the channel is told
MAX_MESSAGE = 1000
_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")


@dataclass(frozen=True)
class PageRequest:
    """`/page TARGET MESSAGE`, split but not yet looked up."""

    target: str
    message: str


def parse_page(text: str) -> PageRequest:
    """Split the text of `/page`.

    Raises:
        UserError: no target, or no message after it.
    """
    target, _, message = text.strip().partition(" ")
    if not target:
        raise UserError("page.malformed")
    if not message.strip():
        raise UserError("page.no_message", target=target)
    if len(message) > MAX_MESSAGE:
        raise UserError(
            "error.too_long", field=t("field.message"), length=len(message), limit=MAX_MESSAGE
        )
    return PageRequest(target, message.strip())


@dataclass(frozen=True)
class Paged:
    """A page that was started: its ref, whom it targets, and its thread's link if sent."""

    ref: str
    target: str
    link: str | None
    paged: bool = True  # False: the target resolved to nobody, the channel was asked for help


@dataclass(frozen=True)
class _Target:
    label: str  # how the target reads in Slack: "<@U…>", "rotation:ID", …
    snapshot: Snapshot
    team: str | None


@dataclass(kw_only=True)
class Pager:
    """Starts `/page` runs and finds the link to their thread."""

    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    escalations: EscalationService
    gateway: SlackGateway

    def page(self, request: PageRequest, *, by: str, now: datetime, key: str) -> Paged | None:
        """Page `request.target`; None when this delivery was handled already.

        Raises:
            UserError: the target is not one of the four forms, or the person is
                deactivated. NotFound: no such rotation, team or policy.
        """
        target = self._target(request.target)
        subject = Subject(
            kind="page",
            ref="",
            title=request.message.splitlines()[0][:300],
            owner=None,
            team=target.team,
            thread_key=None,
        )
        started = self.escalations.page(
            subject,
            target.snapshot,
            by=by,
            reason=t("page.reason", target=target.label, message=request.message),
            now=now,
            key=key,
        )
        if started is None:
            return None
        return Paged(started.ref, target.label, self._link(started.thread_key), paged=started.paged)

    def _target(self, text: str) -> _Target:
        ws = self.workspace()
        kind, _, ref = text.partition(":")
        if user := _USER.fullmatch(text):
            person = self.users.require_active(user[1])
            return self._one_level(f"<@{person.id}>", person.id, None)
        if kind == "rotation" and ref:
            try:
                rotation = ws.rotation(ref)
            except KeyError:
                known = ", ".join(f"`{r.id}`" for r in ws.rotations) or "-"
                raise NotFound("oncall.unknown_rotation", rotation=ref, known=known) from None
            return self._one_level(text, text, rotation.team)
        if kind == "team" and ref:
            try:
                team = ws.team(ref)
            except KeyError:
                known = ", ".join(f"`{team.id}`" for team in ws.teams) or "-"
                raise NotFound("page.unknown_team", team=ref, known=known) from None
            return self._one_level(text, f"lead:{team.id}", team.id)
        if kind == "policy" and ref:
            try:
                policy = ws.policy(ref)
            except KeyError:
                known = ", ".join(f"`{p.id}`" for p in ws.escalation_policies) or "-"
                raise NotFound("page.unknown_policy", policy=ref, known=known) from None
            return _Target(text, Snapshot.of(policy), None)
        raise UserError("page.bad_target", target=text)

    @staticmethod
    def _one_level(label: str, notify: str, team: str | None) -> _Target:
        policy = EscalationPolicy(
            id=f"page {notify}"[:100],
            levels=(EscalationLevel(notify=(notify,), after=PAGE_WAIT),),
            repeat=PAGE_REPEAT,
        )
        return _Target(label, Snapshot.of(policy), team)

    def _link(self, thread_key: str | None) -> str | None:
        """A permalink to the run's thread, or None while (or if) its root is not sent."""
        if thread_key is None:
            return None
        with unit_of_work(self.factory, readonly=True) as session:
            row = outbox_repo.by_key(session, thread_key)
            channel, ts = (row.sent_channel, row.sent_ts) if row else (None, None)
        if not channel or not ts:
            return None
        try:
            return self.gateway.permalink(channel, ts)
        except SlackSendError as exc:
            log.warning("permalink failed", extra={"key": thread_key, "error": exc.error})
            return None
