"""Buttons on a page DM: Acknowledge, Escalate now, Resolve."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.app.container import Services
from bot.core.blocks.ids import ActionId
from bot.core.errors import UserError
from bot.escalation.service import Answer


@dataclass(frozen=True)
class Click:
    run_id: int
    user_id: str
    key: str  # claims the delivery: one effect per click, whatever Slack retries


def parse_click(body: dict[str, Any]) -> Click:
    action = (body.get("actions") or [{}])[0]
    user = str((body.get("user") or {}).get("id") or "")
    value = str(action.get("value") or "")
    if not value.isdigit() or not user:
        raise UserError("escalation.not_found")
    return Click(int(value), user, f"action:{action.get('action_ts')}:{user}")


ClickHandler = Callable[[int, str, datetime, str], Answer | None]


def register(app: App, services: Services) -> None:
    def listener(act: ClickHandler) -> Callable[..., None]:
        def on_click(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            click = parse_click(body)
            answer = act(click.run_id, click.user_id, services.clock.now(), click.key)
            if answer is not None:
                respond(text=answer.render(), response_type="ephemeral", replace_original=False)

        return on_click

    escalations = services.escalations
    app.action(ActionId.ESCALATION_ACK)(listener(escalations.acknowledge))
    app.action(ActionId.ESCALATION_NOW)(listener(escalations.escalate_now))
    app.action(ActionId.ESCALATION_RESOLVE)(listener(escalations.resolve_run))
