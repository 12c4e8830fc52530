"""The `/lesson` grammar: command text in, a typed command out, or a UserError saying why not.

Pure. `key:value` values run to the next ` key:` of the command, so a lesson's text may hold
other colons ("Note: vendors are slow") and only `team:` and `risk:` are keys.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import fields
from bot.core.errors import UserError

MAX_TEXT = 2000
_RISK_ID = re.compile(r"(?:[Rr]-?)?(\d{1,9})")


@dataclass(frozen=True)
class AddLesson:
    text: str
    team: str | None = None
    risk: int | None = None


@dataclass(frozen=True)
class SearchLessons:
    words: str


@dataclass(frozen=True)
class ListLessons:
    team: str | None = None


LessonCommand = AddLesson | SearchLessons | ListLessons


def split_keys(rest: str, keys: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """`"Freeze early. team:apollo risk:R-4"` → ("Freeze early.", {"team": "apollo", …})."""
    return fields.split_fields(rest, keys, duplicate="lesson.error.duplicate_key", empty=None)


def parse_risk(text: str) -> int:
    match = _RISK_ID.fullmatch(text.strip())
    if match is None:
        raise UserError("lesson.error.bad_risk", text=text.strip()[:40])
    return int(match.group(1))


def parse_text(text: str) -> str:
    """A lesson's text, its whitespace runs kept inside lines; never empty, never too long."""
    clean = "\n".join(" ".join(line.split()) for line in text.strip().splitlines()).strip()
    if not clean:
        raise UserError("lesson.error.no_text")
    if len(clean) > MAX_TEXT:
        raise UserError("lesson.error.too_long", length=len(clean), limit=MAX_TEXT)
    return clean


def parse_lesson_command(sub: str, rest: str) -> LessonCommand:
    """`/lesson SUB REST` → a command.

    Raises:
        UserError: unknown sub-command or malformed input (the handler appends the usage).
    """
    if sub == "add":
        head, values = split_keys(rest, ("team", "risk"))
        risk = parse_risk(values["risk"]) if "risk" in values else None
        return AddLesson(text=parse_text(head), team=values.get("team") or None, risk=risk)
    if sub == "search":
        words = " ".join(rest.split())
        if not words:
            raise UserError("lesson.error.no_words")
        return SearchLessons(words=words[:200])
    if sub == "list":
        head, values = split_keys(rest, ("team",))
        if head:
            raise UserError("lesson.error.unexpected_text", sub=sub, text=head[:40])
        return ListLessons(team=values.get("team") or None)
    raise UserError("error.unknown_subcommand", command="/lesson", sub=sub)
