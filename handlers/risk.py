"""/risk, the risk thread's buttons and the risk modals: parse, call the register, answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, assert_never

from slack_bolt import Ack, Respond

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.clock import Clock
from bot.core.messages import command_help
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway
from bot.core.users import UserDirectory
from bot.risk import blocks as render
from bot.risk.form import read_reason, read_scores
from bot.risk.grammar import (
    AddAction,
    AddRisk,
    CloseRisk,
    EscalateRisk,
    FinishAction,
    ListRisks,
    ShowRisk,
    UpdateRisk,
    parse_risk_command,
    parse_risk_id,
)
from bot.risk.queries import RiskQueries
from bot.risk.service import Reply, RiskService
from handlers.common import (
    Click,
    SlashCommand,
    ack_unless_read_only,
    answer,
    parse_click,
    parse_command,
    view_values,
)
from handlers.errors import Listeners
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


def _answer(respond: Respond, reply: Reply | Message) -> None:
    blocks = reply.blocks if isinstance(reply, Message) else None
    respond(text=reply.text, blocks=blocks, response_type="ephemeral", replace_original=False)


Listener = Callable[..., None]
# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"help", "list", "show"})
T = TypeVar("T")


def register(
    app: Listeners,
    *,
    risks: RiskService,
    queries: RiskQueries,
    users: UserDirectory,
    workspace: WorkspaceSource,
    gateway: SlackGateway,
    clock: Clock,
) -> None:
    modals = RiskModals(
        risks=risks, queries=queries, users=users, workspace=workspace, gateway=gateway
    )

    def run(cmd: SlashCommand, now: datetime) -> Reply | Message:
        """`/risk SUB REST`: parse in the caller's zone, then one call to the register."""
        tz = users.get(cmd.user_id).tz
        teams = [team.id for team in workspace().teams]
        parsed = parse_risk_command(
            cmd.sub, cmd.rest, caller=cmd.user_id, tz=tz, now=now, teams=teams
        )
        by, key = cmd.user_id, f"risk:{cmd.trigger_id}"
        match parsed:
            case ListRisks():
                return render.list_message(queries.list_page(parsed, user=by, now=now), tz)
            case ShowRisk(number=number):
                detail = queries.show(number)
                return render.show_message(
                    detail.risk, detail.actions, detail.events, detail.total_events, detail.link, tz
                )
            case AddRisk():
                return risks.add(risks.new_risk(parsed, by=by), by=by, key=key, now=now)
            case UpdateRisk(number=number, changes=changes):
                return risks.update(number, changes, by=by, key=key, now=now)
            case CloseRisk(number=number, reason=reason):
                return render.closed_message(
                    risks.close(number, reason, by=by, key=key, now=now).text, number
                )
            case EscalateRisk(number=number):
                return risks.escalate(number, by=by, key=key, now=now)
            case AddAction():
                return risks.add_action(parsed, by=by, key=key, now=now)
            case FinishAction():
                return risks.finish_action(parsed, by=by, key=key, now=now)
            case _:
                assert_never(parsed)

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
        reply = run(cmd, clock.now())
        blocks = reply.blocks if isinstance(reply, Message) else None
        answer(ack, respond, text=reply.text, blocks=blocks)

    # --- buttons on the thread root (and on review nudges) ------------------------------------

    def change_on_click(change: Callable[..., Reply]) -> Listener:
        def on_click(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
            ack()
            click = parse_click(body)
            number = parse_risk_id(click.value)
            _answer(respond, change(number, by=click.user, key=click.key, now=clock.now()))

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

    @app.action(ActionId.HOME_NEW_RISK)
    def on_home_new_risk(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click: Click = parse_click(body)
        modals.open_new(click.trigger_id, user=click.user, channel=None)

    @app.action(ActionId.RISK_FROM_BLOCKER)
    def on_from_blocker(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click: Click = parse_click(body)
        modals.open_from_blocker(
            click.trigger_id, click.value, user=click.user, channel=click.channel
        )

    # --- modal submissions --------------------------------------------------------------------

    def finish(
        ack: Ack,
        form: Submission,
        read: tuple[T | None, dict[str, str]],
        act: Callable[[T, datetime], Reply | Message],
    ) -> None:
        """Field errors go back on the fields; otherwise ack, act, and tell the submitter."""
        value, errors = read
        if value is None or errors:
            ack(response_action="errors", errors=errors)
            return
        ack()
        now = clock.now()
        modals.tell(form.user, form.channel, act(value, now), key=form.key, now=now)

    @app.view(CallbackId.RISK_NEW)
    def on_new_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        read = modals.read_new(form.values, user=form.user, now=clock.now())
        finish(
            ack, form, read, lambda new, now: risks.add(new, by=form.user, key=form.key, now=now)
        )

    @app.view(CallbackId.RISK_EDIT)
    def on_edit_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        read = modals.read_edit(number, form.values, user=form.user, now=clock.now())
        finish(
            ack,
            form,
            read,
            lambda c, now: risks.update(number, c, by=form.user, key=form.key, now=now),
        )

    @app.view(CallbackId.RISK_RESCORE)
    def on_rescore_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        finish(
            ack,
            form,
            read_scores(form.values),
            lambda s, now: risks.update(number, s, by=form.user, key=form.key, now=now),
        )

    @app.view(CallbackId.RISK_CLOSE)
    def on_close_submitted(ack: Ack, body: dict[str, Any]) -> None:
        form = parse_submission(body)
        number = parse_risk_id(str(form.risk))
        finish(
            ack,
            form,
            read_reason(form.values),
            lambda r, now: render.closed_message(
                risks.close(number, r, by=form.user, key=form.key, now=now).text, number
            ),
        )
