"""/lesson: parse, call the lessons service, answer (read-only forms in the ack body)."""

from __future__ import annotations

import json
from typing import Any, assert_never

from slack_bolt import Ack, Respond

from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.clock import Clock
from bot.core.messages import command_help
from bot.core.ports import WorkspaceSource
from bot.core.slack_gateway import SlackGateway
from bot.core.users import UserDirectory
from bot.lessons import blocks as render
from bot.lessons.form import read_form
from bot.lessons.grammar import AddLesson, ListLessons, SearchLessons, parse_lesson_command
from bot.lessons.modal import record_modal
from bot.lessons.service import LessonService
from handlers.common import (
    ack_unless_read_only,
    answer,
    parse_click,
    parse_command,
    view_values,
)
from handlers.errors import Listeners

# Where a "Record a lesson" button may say the lesson comes from; anything else is manual.
OFFERED_SOURCES = frozenset({"risk-close", "escalation"})
# Answered in the ack body (handlers.common.answer); `add` acks first.
READ_ONLY = frozenset({"", "help", "search", "list"})


def register(
    app: Listeners,
    *,
    lessons: LessonService,
    users: UserDirectory,
    workspace: WorkspaceSource,
    gateway: SlackGateway,
    clock: Clock,
) -> None:
    @app.command("/lesson")
    def on_lesson(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            answer(ack, respond, text=command_help(cmd.command))
            return
        parsed = parse_lesson_command(cmd.sub, cmd.rest)
        teams = {team.id: team.name for team in workspace().teams}
        match parsed:
            case AddLesson():
                key = f"command:{cmd.trigger_id}"
                lesson = lessons.add(parsed, by=cmd.user_id, key=key, now=clock.now())
                answer(ack, respond, text=render.added_text(lesson, teams))
            case SearchLessons(words=words):
                found = lessons.search(words)
                tz = users.get(cmd.user_id).tz
                message = render.search_message(words, found.lessons, found.more, teams, tz)
                answer(ack, respond, text=message.text, blocks=message.blocks or None)
            case ListLessons(team=team):
                found = lessons.latest(team)
                tz = users.get(cmd.user_id).tz
                message = render.list_message(team, found.lessons, found.more, teams, tz)
                answer(ack, respond, text=message.text, blocks=message.blocks or None)
            case _:
                assert_never(parsed)

    @app.action(ActionId.LESSON_RECORD)
    def on_record(ack: Ack, body: dict[str, Any]) -> None:
        ack()
        click = parse_click(body)
        offer = _json(click.value)
        risk = offer.get("risk") if isinstance(offer.get("risk"), int) else None
        source = str(offer.get("source"))
        view = record_modal(
            risk=risk,
            team=lessons.default_team(risk, click.user),
            teams={team.id: team.name for team in workspace().teams},
            metadata={"source": source if source in OFFERED_SOURCES else "manual"},
        )
        gateway.open_modal(click.trigger_id, view)

    @app.view(CallbackId.LESSON_RECORD)
    def on_record_submitted(ack: Ack, body: dict[str, Any]) -> None:
        view = body["view"]
        cmd, errors = read_form(view_values(view), risk_exists=lessons.risk_exists)
        if cmd is None:
            ack(response_action="errors", errors=errors)
            return
        ack()
        source = str(_json(view.get("private_metadata")).get("source"))
        lessons.record(
            cmd,
            by=str(body["user"]["id"]),
            key=f"lesson:view:{view['id']}",
            now=clock.now(),
            source=source if source in OFFERED_SOURCES else "manual",
        )


def _json(value: object) -> dict[str, Any]:
    try:
        data = json.loads(str(value or "{}"))
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}
