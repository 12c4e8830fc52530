"""/oncall: who is on call now and next, and overrides by a team lead or an admin."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.app.container import Services
from bot.core.messages import command_help
from bot.oncall.blocks import override_text, status_text
from bot.oncall.service import parse_override
from handlers.common import ack_unless_read_only, answer, parse_command, unknown_subcommand

# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"", "help"})


def register(app: App, services: Services) -> None:
    @app.command("/oncall")
    def on_oncall(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        now = services.clock.now()
        if cmd.sub == "help":
            text = command_help(cmd.command)
        elif cmd.sub == "":
            text = status_text(services.oncall.status(now), services.users.tz(cmd.user_id))
        elif cmd.sub == "override":
            done = services.oncall.override(
                parse_override(cmd.rest),
                by=cmd.user_id,
                now=now,
                key=f"command:{cmd.trigger_id}",
            )
            if done is None:
                return
            text = override_text(done, services.users.tz(cmd.user_id))
        else:
            raise unknown_subcommand(cmd)
        answer(ack, respond, text=text)
