"""How a shared goal reads in Slack: one line with its progress bar, pure text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.core.blocks.text import SECTION_LIMIT, clip, day_text, escape, number, progress_bar
from bot.core.messages import t


@dataclass(frozen=True)
class GoalLine:
    """A goal as the commands and channel posts show it; `teams` are team names."""

    ref: str
    title: str
    value: float
    target: float | None
    due: date | None
    teams: tuple[str, ...]


def day(d: date) -> str:
    """`Thu 31 Dec 2026` (`2026年12月31日 周四`)."""
    return day_text(d, year=True)


def progress(value: float, target: float | None) -> str:
    """`▓▓▓▓▓░░░░░ 50% (5 of 10)`, or `12 (no target)`."""
    if target is None:
        return t("goal.progress_no_target", value=number(value))
    return t(
        "goal.progress", bar=progress_bar(value, target), value=number(value), target=number(target)
    )


def goal_line(goal: GoalLine) -> str:
    return t(
        "goal.line",
        ref=goal.ref,
        title=escape(clip(goal.title, 200)),
        progress=progress(goal.value, goal.target),
        due=t("goal.due", day=day(goal.due)) if goal.due else "",
        teams=", ".join(escape(name) for name in goal.teams),
    )


def list_text(team_names: Sequence[str], goals: Sequence[GoalLine]) -> str:
    teams = ", ".join(escape(name) for name in team_names) or t("goal.list.everyone")
    if not goals:
        return t("goal.list.empty", teams=teams)
    lines = [t("goal.list.title", teams=teams, count=len(goals))]
    lines += [f"• {goal_line(goal)}" for goal in goals]
    return "\n".join(lines)


def home_blocks(goals: Sequence[GoalLine], most: int) -> list[Any]:
    """App Home's goals section: one section block, or nothing when there are no goals."""
    if not goals:
        return []
    lines = [t("goal.home.title", count=len(goals))]
    lines += [f"• {goal_line(goal)}" for goal in goals[:most]]
    if len(goals) > most:
        lines.append(t("goal.home.more", count=len(goals) - most))
    return [SectionBlock(text=clip("\n".join(lines), SECTION_LIMIT))]
