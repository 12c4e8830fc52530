"""Kudos: one person thanks another in a team channel; each is stored and counted.

The post goes to the giver's first team's channel, or the receiver's when the giver is in no
team. Nobody thanks themselves, a bot or someone Slack does not know; the digest reads the
kudos through its own source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.core.errors import Forbidden, UserError
from bot.core.events import Event, Events, NoEvents
from bot.core.messages import speaking
from bot.core.outbox import Outbox
from bot.core.ports import WorkspaceSource
from bot.core.sends import Sends
from bot.core.users import UserDirectory
from bot.kudos.blocks import kudos_post
from bot.kudos.grammar import GiveKudos
from storage import kudos as repo
from storage.db import SessionFactory, unit_of_work

SLACKBOT = "USLACKBOT"


@dataclass(frozen=True)
class Given:
    receiver: str
    channel: str
    count: int  # the receiver's kudos, these included


@dataclass(kw_only=True)
class KudosService:
    """`/kudos @user for WHAT`."""

    factory: SessionFactory
    workspace: WorkspaceSource
    users: UserDirectory
    outbox: Outbox
    events: Events = field(default_factory=NoEvents)  # App Home refreshes the receiver's view

    def give(self, request: GiveKudos, *, by: str, now: datetime, key: str) -> Given | None:
        """Store the kudos and post them; None when this delivery (`key`) gave them already.

        Raises:
            Forbidden: kudos to oneself, or to a bot. UserError: the receiver is deactivated
                or unknown to Slack, or neither person is in a team (no channel to post in).
        """
        receiver = request.receiver
        if receiver == by:
            raise Forbidden("kudos.error.self")
        if receiver == SLACKBOT:
            raise Forbidden("kudos.error.bot", user=receiver)
        person = self.users.require_active(receiver)
        if person.is_bot:
            raise Forbidden("kudos.error.bot", user=receiver)
        ws = self.workspace()
        teams = ws.teams_of(by) or ws.teams_of(receiver)
        if not teams:
            raise UserError("kudos.error.no_channel", user=receiver)
        team = teams[0]
        sends = Sends(now)
        with unit_of_work(self.factory) as session:
            row = repo.add_if_absent(
                session,
                giver=by,
                receiver=receiver,
                text=request.text,
                team_id=team.id,
                channel=team.channel,
                now=now,
                key=key,
            )
            if row is None:
                return None
            count = repo.count_for(session, receiver)
            with speaking(team.language):  # the channel's language, not the giver's
                post = kudos_post(by, receiver, request.text, count)
            sends.add(session, key=f"kudos:{row.id}", channel=team.channel, text=post)
            data = {"kudos": row.id, "giver": by, "receiver": receiver, "team": team.id}
            sends.keys += self.events.emit(
                session, Event("kudos.given", f"kudos-event:{row.id}", now, data)
            )
        sends.flush(self.outbox)
        return Given(receiver, team.channel, count)
