"""/risk, the risk thread's buttons and the risk modals: parse, call RiskService, answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from slack_bolt import Ack, App, Respond

from bot.app.container import Services
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.messages import command_help
from bot.risk.form import read_reason, read_scores
from bot.risk.grammar import parse_risk_id
from bot.risk.service import Click, Reply
from handlers.common import ack_unless_read_only, answer, parse_command, view_values
from handlers.risk_modals import RiskModals


@dataclass(frozen=True)
class Submission:
    """A submitted risk modal, parsed at the edge."""

    user: str
    view_id: str
    values: dict[str, Any]
    risk: int | None
    channel: str | None

    @property
    def key(self) -> str:
        return f"risk:view:{self.view_id}"


def parse_click(body: dict[str, Any]) -> Click:
    action = body["actions"][0]
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get(
        "channel_id"
    )
    return Click(
        user=str(body["user"]["id"]),
        value=str(action.get("value") or ""),
        channel=str(channel) if channel else None,
        trigger_id=str(body.get("trigger_id") or ""),
        key=f"risk:{action['action_id']}:{action.get('action_ts', '')}",
    )


def parse_submission(body: dict[str, Any]) -> Submission:
    view = body["view"]
    try:
        metadata = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        metadata = {}
    risk = metadata.get("risk")
    return Submission(
        user=str(body["user"]["id"]),
        view_id=str(view["id"]),
        values=view_values(view),
        risk=int(risk) if isinstance(risk, int) else None,
        channel=metadata.get("channel") or None,
    )


def _answer(respond: Respond, reply: Reply) -> None:
    respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral", replace_original=False)


Listener = Callable[..., None]
# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"help", "list", "show"})
T = TypeVar("T")


def register(app: App, services: Services) -> None:
    risks = services.risks
    modals = RiskModals(services)

    @app.command("/risk")
    def on_risk(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub == "help":
            answer(ack, respond, text=command_help(cmd.command))
            return
        if cmd.sub == "":
            modals.open_new(cmd.trigger_id, user=cmd.user_id, channel=cmd.channel_id)
            return
        reply = risks.command(cmd.sub, cmd.rest, user=cmd.user_id, trigger_id=cmd.trigger_id)
        answer(ack, respond, text=reply.text, blocks=reply.blocks)

    # --- buttons on the thread root (and on review nudges) ------------------------------------

    def change_on_click(change: Callable[..., Reply]) -> Listener:
        def on_click(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            click = parse_click(body)
            _answer(respond, change(parse_risk_id(click.value), by=click.user, key=click.key))

        return on_click

    def form_on_click(kind: str) -> Listener:
        def on_click(ack: Ack, body: dict[str, Any]) -> None:
            ack()
            modals.open_for(kind, parse_click(body))

        return on_click

    app.action(ActionId.RISK_REVIEWED)(change_on_click(risks.reviewed))
    app.action(ActionId.RISK_TRIGGER_FIRED)(change_on_click(risks.trigger_fired))
    app.action(ActionId.RISK_ESCALATE)(change_on_click(risks.escalate))
    app.action(ActionId.RISK_RESCORE)(form_on_click("rescore"))
    app.action(ActionId.RISK_CLOSE)(form_on_click("close"))
    app.action(ActionId.RISK_EDIT)(form_on_click("edit"))

    @app.action(ActionId.RISK_FROM_BLOCKER)
    def on_from_blocker(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        modals.open_from_blocker(
            click.trigger_id, click.value, user=click.user, channel=click.channel
        )

    # --- modal submissions --------------------------------------------------------------------

    def finish(
        ack: Ack,
        form: Submission,
        read: tuple[T | None, dict[str, str]],
        act: Callable[[T], Reply],
    ) -> None:
        """Field errors go back on the fields; otherwise ack, act, and tell the submitter."""
        value, errors = read
        if value is None or errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        modals.tell(form.user, form.channel, act(value), key=form.key)

    @app.view(CallbackId.RISK_NEW)
    def on_new_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        read = modals.read_new(form.values, user=form.user)
        finish(ack, form, read, lambda new: risks.add(new, by=form.user, key=form.key))

    @app.view(CallbackId.RISK_EDIT)
    def on_edit_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        read = modals.read_edit(number, form.values, user=form.user)
        finish(ack, form, read, lambda c: risks.update(number, c, by=form.user, key=form.key))

    @app.view(CallbackId.RISK_RESCORE)
    def on_rescore_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        read = read_scores(form.values)
        finish(ack, form, read, lambda s: risks.update(number, s, by=form.user, key=form.key))

    @app.view(CallbackId.RISK_CLOSE)
    def on_close_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        read = read_reason(form.values)
        finish(ack, form, read, lambda r: risks.close(number, r, by=form.user, key=form.key))
