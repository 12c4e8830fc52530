"""Lessons rendered for Slack: search results and lists (pure, no I/O)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ContextBlock, MarkdownTextObject, SectionBlock

from bot.core.blocks import Message
from bot.core.blocks.text import clip, date_text, escape
from bot.core.messages import t
from bot.lessons.model import LessonView as Lesson


def meta(lesson: Lesson, teams: Mapping[str, str], tz: ZoneInfo) -> str:
    """ "*L-3* · Apollo launch · <@U0DEV1> · 24 Nov 2026 · R-2 · added by hand"."""
    local = lesson.created_at.astimezone(tz)
    return t(
        "lesson.line.meta",
        ref=lesson.ref,
        team=escape(teams.get(lesson.team, lesson.team)),
        author=lesson.author,
        date=date_text(local.date()),
        risk=f" · R-{lesson.risk_id}" if lesson.risk_id is not None else "",
        source=t(f"lesson.source.{lesson.source}"),
    )


def _lessons(
    title: str, lessons: Sequence[Lesson], more: str | None, teams: Mapping[str, str], tz: ZoneInfo
) -> Message:
    blocks = [SectionBlock(text=MarkdownTextObject(text=title)).to_dict()]
    lines = [title]
    for lesson in lessons:
        head = meta(lesson, teams, tz)
        body = clip(escape(lesson.text), 2900)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=f"{head}\n{body}")).to_dict())
        lines.append(f"{head}: {clip(escape(lesson.text), 300)}")
    if more:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]).to_dict())
        lines.append(more)
    return Message(text=clip("\n".join(lines), 3000), blocks=blocks)


def search_message(
    words: str, lessons: Sequence[Lesson], more: bool, teams: Mapping[str, str], tz: ZoneInfo
) -> Message:
    """The ranked results of `/lesson search`, best first."""
    shown = escape(clip(words, 100))
    if not lessons:
        return Message(text=t("lesson.search.none", words=shown))
    title = t("lesson.search.title", count=len(lessons), words=shown)
    return _lessons(title, lessons, t("lesson.more.search") if more else None, teams, tz)


def list_message(
    team: str | None, lessons: Sequence[Lesson], more: bool, teams: Mapping[str, str], tz: ZoneInfo
) -> Message:
    """`/lesson list`: the newest lessons."""
    of = t("lesson.list.team", team=escape(teams.get(team, team))) if team else ""
    if not lessons:
        return Message(text=t("lesson.list.none", team=of))
    title = t("lesson.list.title", team=of, count=len(lessons))
    return _lessons(title, lessons, t("lesson.more.list") if more else None, teams, tz)


def added_text(lesson: Lesson, teams: Mapping[str, str]) -> str:
    risk = t("lesson.added_risk", risk=f"R-{lesson.risk_id}") if lesson.risk_id else ""
    return t(
        "lesson.added", ref=lesson.ref, team=escape(teams.get(lesson.team, lesson.team)), risk=risk
    )
