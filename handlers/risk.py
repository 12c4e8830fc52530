"""/risk, the risk thread's buttons and the risk modals: parse, call RiskService, answer."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, Respond

from bot.blocks.ids import ActionId, CallbackId
from bot.container import Services
from bot.messages import command_help
from bot.risk_commands import parse_risk_id
from bot.risk_form import read_reason, read_scores
from bot.risk_modals import RiskModals
from bot.risks import Click, Reply
from handlers.common import parse_command, view_values


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


def register(app: App, services: Services) -> None:
    risks = services.risks
    modals = RiskModals(services)

    @app.command("/risk")
    def on_risk(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        cmd = parse_command(body)
        if cmd.sub == "help":
            respond(text=command_help(cmd.command), response_type="ephemeral")
            return
        if cmd.sub == "":
            modals.open_new(cmd.trigger_id, user=cmd.user_id, channel=cmd.channel_id)
            return
        reply = risks.command(cmd.sub, cmd.rest, user=cmd.user_id, trigger_id=cmd.trigger_id)
        respond(text=reply.text, blocks=reply.blocks, response_type="ephemeral")

    # --- buttons on the thread root (and on review nudges) ------------------------------------

    @app.action(ActionId.RISK_REVIEWED)
    def on_reviewed(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        click = parse_click(body)
        _answer(respond, risks.reviewed(parse_risk_id(click.value), by=click.user, key=click.key))

    @app.action(ActionId.RISK_TRIGGER_FIRED)
    def on_trigger_fired(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        click = parse_click(body)
        number = parse_risk_id(click.value)
        _answer(respond, risks.trigger_fired(number, by=click.user, key=click.key))

    @app.action(ActionId.RISK_ESCALATE)
    def on_escalate(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        click = parse_click(body)
        _answer(respond, risks.escalate(parse_risk_id(click.value), by=click.user, key=click.key))

    @app.action(ActionId.RISK_RESCORE)
    def on_rescore(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        modals.open_for("rescore", parse_click(body))

    @app.action(ActionId.RISK_CLOSE)
    def on_close(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        modals.open_for("close", parse_click(body))

    @app.action(ActionId.RISK_EDIT)
    def on_edit(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        modals.open_for("edit", parse_click(body))

    @app.action(ActionId.RISK_FROM_BLOCKER)
    def on_from_blocker(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        modals.open_from_blocker(
            click.trigger_id, click.value, user=click.user, channel=click.channel
        )

    # --- modal submissions --------------------------------------------------------------------

    @app.view(CallbackId.RISK_NEW)
    def on_new_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        new, errors = modals.read_new(form.values, user=form.user)
        if new is None:
            ack(response_action="errors", errors=errors)
            return
        ack()
        reply = risks.add(new, by=form.user, key=form.key)
        modals.tell(form.user, form.channel, reply, key=form.key)

    @app.view(CallbackId.RISK_EDIT)
    def on_edit_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        changes, errors = modals.read_edit(number, form.values, user=form.user)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        reply = risks.update(number, changes, by=form.user, key=form.key)
        modals.tell(form.user, form.channel, reply, key=form.key)

    @app.view(CallbackId.RISK_RESCORE)
    def on_rescore_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        scores, errors = read_scores(form.values)
        if errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        reply = risks.update(parse_risk_id(str(form.risk)), scores, by=form.user, key=form.key)
        modals.tell(form.user, form.channel, reply, key=form.key)

    @app.view(CallbackId.RISK_CLOSE)
    def on_close_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        reason, errors = read_reason(form.values)
        if reason is None:
            ack(response_action="errors", errors=errors)
            return
        ack()
        number = parse_risk_id(str(form.risk))
        reply = risks.close(number, reason, by=form.user, key=form.key)
        modals.tell(form.user, form.channel, reply, key=form.key)
