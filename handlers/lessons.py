"""/lesson: parse, call the lessons service, answer (read-only forms in the ack body)."""

from __future__ import annotations

from typing import Any, assert_never

from slack_bolt import Ack, Respond

from bot.core.clock import Clock
from bot.core.messages import command_help
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.lessons import blocks as render
from bot.lessons.grammar import AddLesson, ListLessons, SearchLessons, parse_lesson_command
from bot.lessons.service import LessonService
from handlers.common import ack_unless_read_only, answer, parse_command
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); `add` acks first.
READ_ONLY = frozenset({"", "help", "search", "list"})


def register(
    app: Listeners,
    *,
    lessons: LessonService,
    users: UserDirectory,
    workspace: WorkspaceSource,
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
