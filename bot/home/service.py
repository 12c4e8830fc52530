"""App Home: publishes each person's dashboard when they open it, and keeps it fresh.

A change the dashboard shows (an event from a feature, a new prompt) queues one outbox row
of op `home` for each person concerned who has opened App Home before; the row holds no
view: it is rendered when it is sent, so it shows the state of that moment. While one row
for a person is pending no other is queued, and the rows are not flushed by the change that
queued them but by the tick's outbox step, so a burst of changes publishes once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from bot.core.clock import Clock
from bot.core.events import Event
from bot.core.messages import speaking, t
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway, SlackSendError
from bot.core.users import UserDirectory
from bot.home.blocks import SECTIONS, home_view
from bot.home.model import HomeData, Section
from bot.home.sources import SqlHomeReads
from storage import home as repo
from storage import outbox as outbox_repo
from storage.db import SessionFactory, unit_of_work

log = logging.getLogger(__name__)

HOME_OP = "home"
# A prompt or hand-off this long ago still gets its refresh (a clock that was down catches up).
LOOKBACK = timedelta(hours=1)


@dataclass(kw_only=True)
class HomeService:
    """The dashboard's data, view, publishing and refreshes."""

    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    gateway: SlackGateway
    reads: SqlHomeReads
    clock: Clock
    sections: Sequence[Section] = SECTIONS
    _team_url: str | None = field(default=None, init=False)

    # --- what is shown -------------------------------------------------------------------------

    def data(self, user: str, now: datetime) -> HomeData:
        """Everything the sections show for `user` at `now` (one small read each)."""
        tz = self.users.get(user).tz
        risks, total = self.reads.risks(user, now, self.team_url())
        on_call, shifts, has_rotations = self.reads.on_call(user, now)
        led = [t.id for t in self.workspace().teams if t.lead == user]
        return HomeData(
            user=user,
            now=now,
            tz=tz,
            roles=self.reads.roles(user, total),
            prompts=self.reads.prompts(user, now.astimezone(tz).date()),
            risks=risks,
            risks_total=total,
            on_call=on_call,
            shifts=shifts,
            has_rotations=has_rotations,
            metrics=self.reads.metrics(led, now),
        )

    def view(self, user: str, now: datetime) -> dict[str, Any]:
        return home_view(self.data(user, now), self.sections)

    def team_url(self) -> str | None:
        """The workspace URL for links, asked of Slack once per process."""
        if self._team_url is None:
            try:
                self._team_url = self.gateway.team_url()
            except SlackSendError as exc:
                log.warning("no workspace url for App Home links", extra={"error": exc.error})
        return self._team_url

    # --- publishing ----------------------------------------------------------------------------

    def opened(self, user: str, now: datetime) -> None:
        """The person opened the Home tab: remember them, and publish their dashboard."""
        with unit_of_work(self.factory) as session:
            repo.add_viewer(session, user, now)
        self.publish(user, now)

    def publish(self, user: str, now: datetime) -> None:
        """`views.publish` the person's dashboard now (they are looking at it)."""
        self.gateway.publish_home(user, self.view(user, now))

    def deliver(self, row: outbox_repo.Claimed) -> None:
        """Send a queued refresh: rendered now, so it shows the state at sending time, in the
        person's language (the outbox sends outside any request)."""
        user = row.channel
        with speaking(self.users.known_locale(user, self.workspace().language_for(user))):
            self.publish(user, self.clock.now())

    # --- refreshes -----------------------------------------------------------------------------

    def refresh(self, session: Session, users: Iterable[str], now: datetime, cause: str) -> None:
        """Queue a refresh for each of `users` who has opened App Home and has none pending."""
        for user in repo.viewers(session, sorted({u for u in users if u})):
            if repo.refresh_pending(session, user):
                continue
            outbox_repo.enqueue(
                session,
                key=f"home:{user}:{cause}",
                channel=user,
                text=t("home.title"),  # a views.publish row: its text is never shown
                now=now,
                op=HOME_OP,
            )

    def emit(self, session: Session, event: Event) -> list[str]:
        """The `Events` listener: refresh the dashboards the event changes. Returns no keys:
        refreshes go out with the tick's outbox step, once per burst."""
        self.refresh(session, self._concerned(event), event.at, event.key)
        return []

    def tick(self, now: datetime) -> None:
        """Refresh the dashboards of people who were just sent a prompt, and of everyone who
        sees a rotation whose on-call person just changed."""
        changes = self.reads.handoffs(now - LOOKBACK, now)
        with unit_of_work(self.factory) as session:
            for user, at in repo.viewers_prompted_since(session, now - LOOKBACK):
                self.refresh(session, [user], now, f"prompted:{at.isoformat()}")
            for handoff, people in changes:
                self.refresh(session, people, now, f"handoff:{handoff}")

    def _concerned(self, event: Event) -> list[str]:
        data = event.data
        ws = self.workspace()
        if event.name.startswith("goal."):  # *Your teams' goals*: every sharing team's people
            sharing = set(data.get("teams") or ())
            return [
                u for team in ws.teams if team.id in sharing for u in (*team.members, team.lead)
            ]
        if event.name == "kudos.given":  # *Kudos you received*
            return [str(data["receiver"])]
        people: list[str | None] = []
        team: str | None = None
        if "risk" in data:
            people += [data["risk"].get("owner"), (data.get("before") or {}).get("owner")]
            team = data["risk"].get("team")
        elif "subject" in data:
            people.append(data["subject"].get("owner"))
            team = data["subject"].get("team")
        elif "user" in data:
            people.append(data["user"])
            team = data.get("team")
        lead = next((t.lead for t in ws.teams if t.id == team), None)
        return [p for p in [*people, lead] if isinstance(p, str)]
