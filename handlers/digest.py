"""/digest: parse the command, call the service, render the answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.container import Services
from bot.messages import command_help
from handlers.common import parse_command, unknown_subcommand


def register(app: App, services: Services) -> None:
    @app.command("/digest")
    def on_digest(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            respond(text=command_help(cmd.command), response_type="ephemeral")
            return
        raise unknown_subcommand(cmd)
