"""/oncall: who is on call now and next, overrides by a team lead or an admin, and each
person's private calendar link."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, BoltRequest, Respond

from bot.core.clock import Clock
from bot.core.messages import command_help
from bot.core.users import UserDirectory
from bot.oncall.blocks import calendar_text, override_text, status_text
from bot.oncall.calendar import CalendarFeed
from bot.oncall.service import OnCallService, parse_override
from handlers.common import (
    ack_unless_read_only,
    answer,
    parse_command,
    public_base_url,
    unknown_subcommand,
)
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"", "help", "calendar"})


def register(
    app: Listeners,
    *,
    oncall: OnCallService,
    calendar: CalendarFeed,
    users: UserDirectory,
    clock: Clock,
) -> None:
    @app.command("/oncall")
    def on_oncall(ack: Ack, body: dict[str, Any], respond: Respond, req: BoltRequest) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        now = clock.now()
        if cmd.sub == "help":
            text = command_help(cmd.command)
        elif cmd.sub == "":
            text = status_text(oncall.status(now), users.tz(cmd.user_id))
        elif cmd.sub == "calendar":
            base = public_base_url(req)
            links = calendar.links(base or "", cmd.rest or None)
            text = calendar_text(links, absolute=base is not None)
        elif cmd.sub == "override":
            done = oncall.override(
                parse_override(cmd.rest),
                by=cmd.user_id,
                now=now,
                key=f"command:{cmd.trigger_id}",
            )
            if done is None:
                return
            text = override_text(done, users.tz(cmd.user_id))
        else:
            raise unknown_subcommand(cmd)
        answer(ack, respond, text=text)
