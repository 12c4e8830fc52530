"""/goal add|update|list|help: parse in the caller's zone, call the goals service, answer."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, Respond

from bot.core.blocks.text import escape
from bot.core.clock import Clock
from bot.core.messages import command_help, t
from bot.core.ports import WorkspaceSource
from bot.core.users import UserDirectory
from bot.goals.blocks import goal_line, list_text
from bot.goals.grammar import AddGoal, ListGoals, UpdateGoal, parse_goal_command
from bot.goals.service import GoalService
from handlers.common import ack_unless_read_only, answer, parse_command
from handlers.errors import Listeners

# Answered in the ack body (handlers.common.answer); add and update ack first.
READ_ONLY = frozenset({"", "help", "list"})


def register(
    app: Listeners,
    *,
    goals: GoalService,
    users: UserDirectory,
    workspace: WorkspaceSource,
    clock: Clock,
) -> None:
    @app.command("/goal")
    def on_goal(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        ack_unless_read_only(ack, body, READ_ONLY)
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            answer(ack, respond, text=command_help(cmd.command))
            return
        now = clock.now()
        tz = users.get(cmd.user_id).tz if cmd.sub == "add" else workspace().timezone
        teams = [team.id for team in workspace().teams]
        parsed = parse_goal_command(cmd.sub, cmd.rest, tz=tz, now=now, teams=teams)
        key = f"command:{cmd.trigger_id}"
        match parsed:
            case ListGoals():
                listing = goals.listing(cmd.user_id)
                answer(ack, respond, text=list_text(listing.teams, listing.goals))
            case AddGoal():
                added = goals.add(parsed, by=cmd.user_id, now=now, key=key)
                if added is not None:  # None: Slack delivered this command again
                    text = t(
                        "goal.added",
                        ref=added.ref,
                        title=escape(added.title),
                        teams=", ".join(escape(name) for name in added.teams),
                    )
                    answer(ack, respond, text=text)
            case UpdateGoal():
                updated = goals.update(parsed, by=cmd.user_id, now=now, key=key)
                if updated is not None:
                    line = updated.goal
                    text = t("goal.updated", ref=line.ref, title=escape(line.title))
                    answer(ack, respond, text=text + "\n" + goal_line(line))
