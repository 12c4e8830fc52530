"""/standup: parse the command, call the service, render the answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond

from bot.container import Services
from bot.messages import command_help, t
from handlers.common import parse_command, unknown_subcommand


def register(app: App, services: Services) -> None:
    @app.command("/standup")
    def on_standup(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            respond(text=command_help(cmd.command), response_type="ephemeral")
            return
        raise unknown_subcommand(cmd)

    @app.event("message")
    def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        if not is_person_dm(event) or not services.claim_delivery(f"event:{body['event_id']}"):
            return
        services.gateway.post(str(event["channel"]), t("standup.no_open_prompt"))


def is_person_dm(event: dict[str, Any]) -> bool:
    """A direct message typed by a person: not a bot, not an edit or join or other subtype."""
    return (
        event.get("channel_type") == "im"
        and not event.get("bot_id")
        and not event.get("subtype")
        and bool(event.get("user"))
    )
