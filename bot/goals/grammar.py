"""The `/goal` grammar: command text in, a typed command out, or a UserError saying why not.

Pure: the caller's zone, the clock's now and the team ids come in as arguments. `key:value`
values run to the next ` key:`, so `due:next friday` works and a title may hold colons.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.core import fields
from bot.core.dates import parse_when
from bot.core.errors import NotFound, UserError

MAX_TITLE = 200
# Bigger than any metric a team tracks, small enough to print without an exponent.
MAX_NUMBER = 1e12
ADD_KEYS = ("teams", "target", "due")
UPDATE_KEYS = ("value",)

_GOAL_ID = re.compile(r"[Gg]-?(\d{1,9})")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


@dataclass(frozen=True)
class AddGoal:
    title: str
    teams: tuple[str, ...] = ()  # empty: the caller's teams
    target: float | None = None
    due: date | None = None


@dataclass(frozen=True)
class UpdateGoal:
    number: int
    value: float


@dataclass(frozen=True)
class ListGoals:
    pass


GoalCommand = AddGoal | UpdateGoal | ListGoals


def parse_goal_command(
    sub: str, rest: str, *, tz: ZoneInfo, now: datetime, teams: Collection[str]
) -> GoalCommand:
    """Parse `/goal SUB REST` (help is the handler's business).

    Raises:
        UserError: unknown subcommand, or anything malformed, with a message naming it.
    """
    if sub == "add":
        head, values = split_fields(rest, ADD_KEYS)
        due = None
        if "due" in values:
            # A past day is refused here; "today" still counts.
            due = parse_when(values["due"], tz, now).astimezone(tz).date()
        return AddGoal(
            title=parse_title(head),
            teams=parse_teams(values["teams"], teams) if "teams" in values else (),
            target=parse_number("target", values["target"]) if "target" in values else None,
            due=due,
        )
    if sub == "update":
        head, values = split_fields(rest, UPDATE_KEYS)
        ref, _, extra = head.partition(" ")
        number = parse_goal_id(ref)
        if extra.strip():
            raise UserError("goal.error.update_extra")
        if "value" not in values:
            raise UserError("goal.error.no_value", ref=f"G-{number}")
        return UpdateGoal(number, parse_number("value", values["value"]))
    if sub == "list":
        return ListGoals()
    raise UserError("error.unknown_subcommand", command="/goal", sub=sub[:40])


def parse_goal_id(text: str) -> int:
    """ "G-3" (or "g-3", "G3") → 3."""
    match = _GOAL_ID.fullmatch(text.strip())
    if match is None:
        raise UserError("goal.error.bad_id", text=text.strip()[:40] or "…")
    return int(match.group(1))


def parse_title(text: str) -> str:
    """The title as typed: Slack sends `&`, `<` and `>` escaped; renderers escape again."""
    title = " ".join(html.unescape(text).split())
    if not title:
        raise UserError("goal.error.no_title")
    if len(title) > MAX_TITLE:
        raise UserError("goal.error.too_long", length=len(title), limit=MAX_TITLE)
    return title


def parse_number(name: str, text: str) -> float:
    value = text.strip().replace(",", "")
    if not _NUMBER.fullmatch(value):
        raise UserError("goal.error.not_a_number", name=name, value=text.strip()[:20])
    number = float(value)
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise UserError("goal.error.not_a_number", name=name, value=text.strip()[:20])
    return number


def parse_teams(text: str, teams: Collection[str]) -> tuple[str, ...]:
    """`apollo,ops` (commas and/or spaces) → ("apollo", "ops"), each a known team, once."""
    found: list[str] = []
    for team in re.split(r"[,\s]+", text.strip()):
        if not team:
            continue
        if team not in teams:
            known = ", ".join(f"`{t}`" for t in sorted(teams)) or "–"
            raise NotFound("goal.error.unknown_team", team=team[:64], known=known)
        if team not in found:
            found.append(team)
    if not found:
        raise UserError("goal.error.empty_value", name="teams")
    return tuple(found)


def split_fields(text: str, keys: Collection[str]) -> tuple[str, dict[str, str]]:
    """`bot.core.fields.split_fields` with the goal command's errors."""
    return fields.split_fields(
        text, keys, duplicate="goal.error.duplicate_key", empty="goal.error.empty_value"
    )
