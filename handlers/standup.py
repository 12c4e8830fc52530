"""/standup, the answers form, skip, and status reports (DM replies: handlers/replies.py)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, Respond

from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.clock import Clock
from bot.core.errors import NotFound
from bot.core.messages import command_help, t
from bot.core.slack_gateway import SlackGateway
from bot.standup import StandupService
from bot.standup.blocks import answers_modal
from bot.standup.status_blocks import status_modal
from handlers.common import (
    ack_unless_read_only,
    answer,
    parse_command,
    unknown_subcommand,
    view_values,
)
from handlers.errors import Listeners

_QUESTION_BLOCK = re.compile(r"q(\d{1,2})")
# Answered in the ack body (handlers.common.answer); everything else acks first.
READ_ONLY = frozenset({"", "help", "status"})


def register(
    app: Listeners, *, standups: StandupService, gateway: SlackGateway, clock: Clock
) -> None:
    @app.command("/standup")
    def on_standup(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        now = clock.now()
        request = f"command:{cmd.trigger_id}"
        if cmd.sub in ("", "help"):
            text = command_help(cmd.command)
        elif cmd.sub == "skip":
            text = standups.away.skip_day(cmd.user_id, cmd.rest, request, now)
        elif cmd.sub == "away":
            text = standups.away.set_away(cmd.user_id, cmd.rest, request, now)
        elif cmd.sub == "back":
            back = standups.away.back(cmd.user_id, request, now)
            if back is None:
                return
            text = back
        elif cmd.sub == "status":
            text = standups.away.status(cmd.user_id, now)
        elif cmd.sub == "tz":
            text = standups.away.set_timezone(cmd.user_id, cmd.rest)
        else:
            raise unknown_subcommand(cmd)
        answer(ack, respond, text=text)

    def open_modal(body: dict[str, Any], view: dict[str, Any]) -> None:
        gateway.open_modal(str(body["trigger_id"]), view)

    def clicked(body: dict[str, Any]) -> tuple[int, str]:
        """The row the clicked button names, and the clicking person."""
        return action_id_value(body), str(body["user"]["id"])

    @app.action(ActionId.STANDUP_OPEN_MODAL)
    def on_open_form(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        open_modal(body, answers_modal(standups.answers.answers_form(*clicked(body))))

    @app.action(ActionId.STANDUP_SKIP_TODAY)
    def on_skip(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack()
        note = standups.answers.skip(action_id_value(body), body["user"]["id"], clock.now())
        if note:
            respond(text=note, response_type="ephemeral", replace_original=False)

    @app.view(CallbackId.STANDUP_ANSWERS)
    def on_form(ack: Ack, body: dict[str, Any]) -> None:
        answers = {
            int(match[1]): text
            for block, text in form_texts(body).items()
            if (match := _QUESTION_BLOCK.fullmatch(block))
        }
        if not any(text.strip() for text in answers.values()):
            ack(response_action="errors", errors={"q0": t("standup.modal.error_empty")})
            return
        ack()
        prompt_id = metadata_id(body)
        standups.answers.submit_form(prompt_id, body["user"]["id"], answers, clock.now())

    @app.action(ActionId.STATUS_REPORT_OPEN)
    def on_open_status(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        open_modal(body, status_modal(standups.status_reports.view(*clicked(body))))

    @app.view(CallbackId.STATUS_REPORT)
    def on_status(ack: Ack, body: dict[str, Any]) -> None:
        # Validation needs the stored report (its kind) and the lead's zone, so the ack
        # waits for the service; it is a few queries, well inside Slack's 3 seconds.
        errors = standups.status_reports.submit(
            metadata_id(body), body["user"]["id"], form_texts(body), clock.now()
        )
        if errors:
            ack(response_action="errors", errors=errors)
        else:
            ack()


def form_texts(body: dict[str, Any]) -> dict[str, str]:
    """The submitted modal's text inputs and single selects, by block id ("" when empty)."""
    return {block: str(value or "") for block, value in view_values(body["view"]).items()}


def action_id_value(body: dict[str, Any]) -> int:
    """The row id a button carries as its value."""
    return _row_id(str((body.get("actions") or [{}])[0].get("value") or ""))


def metadata_id(body: dict[str, Any]) -> int:
    """The row id a modal carries in its private_metadata."""
    return _row_id(str((body.get("view") or {}).get("private_metadata") or ""))


def _row_id(text: str) -> int:
    if not text.isdigit():
        raise NotFound("standup.error.prompt_missing")
    return int(text)
