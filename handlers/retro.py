"""/retro start, and the retro prompt's Answer button and form."""

from __future__ import annotations

import json
from typing import Any

from slack_bolt import Ack, Respond

from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.blocks.text import slack_time
from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.core.messages import command_help, t
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway
from bot.retro.blocks import question_block
from bot.retro.service import RetroService
from handlers.common import (
    ack_unless_read_only,
    answer,
    parse_click,
    parse_command,
    unknown_subcommand,
    view_values,
)
from handlers.errors import Listeners

READ_ONLY = frozenset({"", "help"})


def register(
    app: Listeners,
    *,
    retros: RetroService,
    workspace: WorkspaceSource,
    gateway: SlackGateway,
    clock: Clock,
) -> None:
    @app.command("/retro")
    def on_retro(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            answer(ack, respond, text=command_help(cmd.command))
            return
        if cmd.sub != "start":
            raise unknown_subcommand(cmd)
        now = clock.now()
        key = cmd.trigger_id
        count, closes = retros.start(cmd.rest.strip(), by=cmd.user_id, key=key, now=now)
        when = slack_time(closes, workspace().timezone)
        answer(
            ack, respond, text=t("retro.started", retro=cmd.rest.strip(), count=count, closes=when)
        )

    @app.action(ActionId.RETRO_ANSWER)
    def on_answer_clicked(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        if not click.value.isdigit():
            raise UserError("retro.error.not_yours")
        gateway.open_modal(click.trigger_id, retros.form(int(click.value), user=click.user).view)

    @app.view(CallbackId.RETRO_ANSWERS)
    def on_answers(ack: Ack, body: dict[str, Any]) -> None:
        view = body["view"]
        try:
            prompt = int(json.loads(view.get("private_metadata") or "{}").get("prompt"))
        except (TypeError, ValueError):
            prompt = 0
        values = view_values(view)
        count = len([k for k in values if k.startswith("retro_q")])
        answers = [str(values.get(question_block(i)) or "").strip() for i in range(count)]
        ack()
        user, key = str(body["user"]["id"]), f"view:{view['id']}"
        retros.answer(prompt, answers, user=user, key=key, now=clock.now())
