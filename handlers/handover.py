"""The hand-over form: *Write hand-over* on the outgoing person's DM opens it; submitting it
delivers the hand-over, or answers the form's errors as Slack expects."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.core.blocks.ids import ActionId, CallbackId, HandoverField
from bot.core.clock import Clock
from bot.core.slack_gateway import SlackGateway
from bot.oncall.blocks import handover_modal
from bot.oncall.handover import HandoverRef, HandoverService
from handlers.common import parse_click, view_values
from handlers.errors import Listeners


def register(
    app: Listeners, *, handovers: HandoverService, gateway: SlackGateway, clock: Clock
) -> None:
    @app.action(ActionId.ONCALL_HANDOVER)
    def on_write(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        ref = HandoverRef.decode(click.value)
        form = handovers.form(ref, click.user)
        view = handover_modal(
            ref.encode(),
            rotation=ref.rotation,
            incoming=form.incoming,
            pages=form.pages,
            risks=form.risks,
        )
        gateway.open_modal(click.trigger_id, view)

    @app.view(CallbackId.ONCALL_HANDOVER)
    def on_submit(ack: Ack, body: dict[str, Any]) -> None:
        # The ack carries the form's errors, so it waits for the service (a few queries);
        # the posts go out after it.
        view = body.get("view") or {}
        ref = HandoverRef.decode(str(view.get("private_metadata") or ""))
        notes = str(view_values(view).get(HandoverField.NOTES) or "")
        user = str((body.get("user") or {}).get("id") or "")
        submitted = handovers.submit(ref, user, notes, clock.now())
        if submitted.errors:
            ack(response_action="errors", errors=submitted.errors)
            return
        ack()
        handovers.deliver(submitted)
