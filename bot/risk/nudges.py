"""The risk register's part of the tick: review reminders and due-date nudges.

A passed `next_review_at` gets one DM to the owner (with the Reviewed button) and a note in
the thread, once per review period. Risks and mitigation actions due within two days, or
overdue, get at most one DM a day, keyed by the owner's local date and sent from 09:00 in
the owner's zone. The tick flushes the outbox after every step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from bot.core.blocks import Message
from bot.core.outbox import enqueue_message
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.risk import blocks as render
from bot.risk.model import root_key
from storage import outbox
from storage import risks as repo
from storage.db import SessionFactory, unit_of_work
from storage.risks import Risk, RiskAction

DUE_SOON = timedelta(days=2)
NUDGE_FROM = time(9, 0)


@dataclass(kw_only=True)
class RiskNudges:
    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory

    def tick(self, now: datetime) -> None:
        self.reviews(now)
        self.due_dates(now)

    def reviews(self, now: datetime) -> None:
        """One DM and one thread note per risk whose review date has passed."""
        with unit_of_work(self.factory) as session:
            for risk in repo.reviews_to_nudge(session, now):
                stamp = risk.next_review_at.strftime("%Y%m%dT%H%M%S")
                dm = render.review_dm(risk)
                enqueue_message(
                    session,
                    f"risk:{risk.id}:review:{stamp}",
                    risk.owner,
                    dm,
                    now,
                )
                outbox.enqueue(
                    session,
                    key=f"risk:{risk.id}:review-note:{stamp}",
                    channel=risk.channel or self.workspace().channels.get("risks", ""),
                    text=render.review_note(risk),
                    thread_key=root_key(risk.id),
                    now=now,
                )
                risk.review_nudged_for = risk.next_review_at

    def due_dates(self, now: datetime) -> None:
        """At most one DM a local day per risk or action due within two days or overdue."""
        until = now + DUE_SOON
        fallback = self.workspace().timezone
        with unit_of_work(self.factory) as session:
            owners = {r.owner for r in repo.due_by(session, until)}
            owners |= {a.owner for a, _ in repo.actions_due_by(session, until)}
        # Zones are looked up outside the transaction: users.info may be a Slack call.
        zones = {owner: self.users.get(owner).tz for owner in sorted(owners)}

        def day_for(owner: str) -> str | None:
            local = now.astimezone(zones.get(owner, fallback))
            return local.date().isoformat() if local.time() >= NUDGE_FROM else None

        with unit_of_work(self.factory) as session:
            due: list[tuple[Risk | RiskAction, str, Callable[[bool, ZoneInfo], Message]]]
            due = [
                (risk, f"risk:{risk.id}:due", partial(render.due_dm, risk))
                for risk in repo.due_by(session, until)
            ]
            due += [
                (
                    action,
                    f"risk:{risk.id}:action:{action.number}:due",
                    partial(render.action_due_dm, action, risk),
                )
                for action, risk in repo.actions_due_by(session, until)
            ]
            for item, key, message in due:
                day = day_for(item.owner)
                if day is None or item.due_nudged_on == day or item.due_at is None:
                    continue
                dm = message(item.due_at <= now, zones.get(item.owner, fallback))
                enqueue_message(
                    session,
                    f"{key}:{day}",
                    item.owner,
                    dm,
                    now,
                )
                item.due_nudged_on = day
