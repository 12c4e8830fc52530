"""/page TARGET MESSAGE: anyone pages a person, a rotation, a team's lead or a policy."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.core.messages import command_help, t
from bot.core.ports import WorkspaceSource
from bot.escalation.paging import Pager, parse_page
from handlers.common import ack_unless_read_only, answer, parse_command
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); a page acks first, then pages.
READ_ONLY = frozenset({"", "help"})


def register(app: Listeners, *, pager: Pager, workspace: WorkspaceSource, clock: Clock) -> None:
    @app.command("/page")
    def on_page(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub == "help":
            answer(ack, respond, text=command_help(cmd.command))
            return
        if cmd.sub == "":
            raise UserError("page.malformed")
        paged = pager.page(
            parse_page(cmd.text), by=cmd.user_id, now=clock.now(), key=f"command:{cmd.trigger_id}"
        )
        if paged is None:  # Slack delivered this command again: it paged already
            return
        params = {"target": paged.target, "ref": paged.ref}
        channel = workspace().channels.get("escalations")
        if not paged.paged:
            text = t("page.nobody", link=paged.link or f"<#{channel}>", **params)
        elif paged.link:
            text = t("page.started", link=paged.link, **params)
        elif channel:
            text = t("page.started_pending", channel=channel, **params)
        else:
            text = t("page.started_no_thread", **params)
        answer(ack, respond, text=text)
