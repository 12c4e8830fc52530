"""/kudos @user for WHAT: parse, give through the kudos service, answer privately."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.core.clock import Clock
from bot.core.messages import command_help, t
from bot.kudos.grammar import parse_kudos
from bot.kudos.service import KudosService
from handlers.common import ack_unless_read_only, answer, parse_command
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); giving kudos acks first.
READ_ONLY = frozenset({"", "help"})


def register(app: Listeners, *, kudos: KudosService, clock: Clock) -> None:
    @app.command("/kudos")
    def on_kudos(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            answer(ack, respond, text=command_help(cmd.command))
            return
        given = kudos.give(
            parse_kudos(cmd.text),
            by=cmd.user_id,
            now=clock.now(),
            key=f"command:{cmd.trigger_id}",
        )
        if given is not None:  # None: Slack delivered this command again
            text = t("kudos.posted", user=given.receiver, channel=given.channel)
            answer(ack, respond, text=text)
