"""Buttons on a page DM: Acknowledge, Escalate now, Resolve."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_bolt import Ack, Respond

from bot.core.blocks.ids import ActionId
from bot.core.clock import Clock
from bot.core.errors import UserError
from bot.escalation.blocks import resolved_blocks
from bot.escalation.service import Answer, EscalationService
from handlers.common import parse_click
from handlers.errors import Listeners

ClickHandler = Callable[[int, str, datetime, str], Answer | None]


def register(app: Listeners, *, escalations: EscalationService, clock: Clock) -> None:
    def listener(act: ClickHandler) -> Callable[..., None]:
        def on_click(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            click = parse_click(body)
            if not click.value.isdigit() or not click.user:
                raise UserError("escalation.not_found")
            answer = act(int(click.value), click.user, clock.now(), click.key)
            if answer is None:
                return
            text = answer.render()
            blocks = resolved_blocks(text, answer.lesson_risk) if answer.resolved else None
            respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=False)

        return on_click

    app.action(ActionId.ESCALATION_ACK)(listener(escalations.acknowledge))
    app.action(ActionId.ESCALATION_NOW)(listener(escalations.escalate_now))
    app.action(ActionId.ESCALATION_RESOLVE)(listener(escalations.resolve_run))
