"""/digest: preview a digest for yourself, or post it now (admins)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.core.clock import Clock
from bot.core.messages import command_help, t
from bot.digest.blocks import preview_messages
from bot.digest.service import DigestService
from handlers.common import ack_unless_read_only, answer, parse_command, unknown_subcommand
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"", "help", "preview"})


def register(app: Listeners, *, digests: DigestService, clock: Clock) -> None:
    @app.command("/digest")
    def on_digest(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        now = clock.now()
        if cmd.sub in ("", "help"):
            answer(ack, respond, text=command_help(cmd.command))
        elif cmd.sub == "preview":
            messages = digests.preview(cmd.rest or None, now)
            for message in preview_messages(messages):
                # The first rides in the ack; a long digest's continuations follow it.
                answer(ack, respond, text=message.text, blocks=message.blocks)
        elif cmd.sub == "post":
            result = digests.post_now(
                cmd.rest or None, user=cmd.user_id, request=cmd.trigger_id, now=now
            )
            key = "digest.posted" if result.posted else "digest.already_posted"
            text = t(key, id=result.digest.id, channel=result.digest.channel)
            respond(text=text, response_type="ephemeral")
        else:
            raise unknown_subcommand(cmd)
