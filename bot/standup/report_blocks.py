"""The stand-up report: one message (or a root plus a thread), split within Slack's limits."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId
from bot.core.blocks.text import SECTION_LIMIT, clip, unescape
from bot.core.messages import t
from bot.standup.blocks import format_day

MAX_BLOCKS = 45  # Slack allows 50; leave room
MAX_CHARS = 12_000  # keep each message readable and far below Slack's 40k text limit
ANSWER_LIMIT = 2_500
BUTTON_VALUE_LIMIT = 2_000
RISK_TEXT_LIMIT = 1_500


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    blocker: bool = False


@dataclass(frozen=True)
class PersonAnswers:
    who: str  # a mention or a name, as the stand-up's `mention` setting says
    answers: Sequence[Answer]
    complete: bool


@dataclass(frozen=True)
class StaleBlocker:
    blocker_id: int
    team: str
    user: str
    who: str
    text: str
    since: date
    days: int


@dataclass(frozen=True)
class Report:
    name: str
    day: date
    style: str  # "message" | "thread"
    people: Sequence[PersonAnswers]
    away: Sequence[str]
    missing: Sequence[str]
    upcoming: Sequence[str]  # their prompt comes after the report
    stale: Sequence[StaleBlocker]
    not_asked: Sequence[str] = ()  # their day was over before Tandem could ask them


def qa_text(answer: Answer) -> str:
    text = clip(answer.text, ANSWER_LIMIT, t("standup.report.shortened"))
    key = "standup.report.blocker_qa" if answer.blocker else "standup.report.qa"
    return t(key, question=clip(answer.question, 300), answer=text)


def pack_sections(parts: Sequence[str]) -> list[dict[str, Any]]:
    """Sections holding `parts` in order, each within Slack's 3,000 characters."""
    sections: list[str] = []
    for part in parts:
        part = clip(part, SECTION_LIMIT)
        if sections and len(sections[-1]) + 2 + len(part) <= SECTION_LIMIT:
            sections[-1] += "\n\n" + part
        else:
            sections.append(part)
    return [SectionBlock(text=s).to_dict() for s in sections]


def _person_blocks(person: PersonAnswers) -> list[dict[str, Any]]:
    head = f"*{person.who}*"
    if not person.complete:
        head += " " + t("standup.report.partial")
    parts = [qa_text(a) for a in person.answers] or [""]
    return pack_sections([head + "\n" + parts[0], *parts[1:]])


def risk_button_value(blocker: StaleBlocker) -> str:
    """The JSON documented at ActionId.RISK_FROM_BLOCKER, within Slack's 2,000 characters."""
    text = unescape(blocker.text)[:RISK_TEXT_LIMIT]  # the risk form takes raw text
    while True:
        value = json.dumps(
            {
                "team": blocker.team,
                "user": blocker.user,
                "text": text,
                "blocker": blocker.blocker_id,
            },
            ensure_ascii=False,
        )
        if len(value) <= BUTTON_VALUE_LIMIT:
            return value
        text = text[: len(text) - (len(value) - BUTTON_VALUE_LIMIT)]


def _stale_block(blocker: StaleBlocker) -> dict[str, Any]:
    text = t(
        "standup.report.stale_blocker",
        who=blocker.who,
        since=format_day(blocker.since),
        days=blocker.days,
        text=clip(blocker.text, 2_000),
    )
    return SectionBlock(
        block_id=f"blocker-{blocker.blocker_id}",
        text=clip(text, SECTION_LIMIT),
        accessory=ButtonElement(
            text=t("standup.report.raise_risk"),
            action_id=ActionId.RISK_FROM_BLOCKER,
            value=risk_button_value(blocker),
        ),
    ).to_dict()


def _context(text: str) -> dict[str, Any]:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text, SECTION_LIMIT))]).to_dict()


def _summary(report: Report, key: str, **params: str) -> str:
    """The counts line ("2 answered · 1 away · 0 no answer", plus people not asked yet)."""
    pending = len(report.upcoming) + len(report.not_asked)
    text = t(
        key,
        answered=len(report.people),
        away=len(report.away),
        missing=len(report.missing),
        **params,
    )
    return text + (t("standup.report.pending", pending=pending) if pending else "")


def _overview(report: Report) -> list[dict[str, Any]]:
    blocks = [
        HeaderBlock(
            text=clip(t("standup.report.header", name=report.name, day=format_day(report.day)), 150)
        ).to_dict(),
        _context(_summary(report, "standup.report.summary")),
    ]
    for key, people in (
        ("standup.report.away", report.away),
        ("standup.report.missing", report.missing),
        ("standup.report.upcoming", report.upcoming),
        ("standup.report.not_asked", report.not_asked),
    ):
        if people:
            blocks.append(_context(t(key, people=", ".join(people))))
    blocks += [_stale_block(b) for b in report.stale]
    if not any((report.people, report.missing, report.upcoming, report.not_asked, report.away)):
        blocks.append(SectionBlock(text=t("standup.report.nobody")).to_dict())
    return blocks


def _chunks(blocks: list[dict[str, Any]], first: int) -> list[list[dict[str, Any]]]:
    """Split into messages of at most MAX_BLOCKS blocks and about MAX_CHARS characters.

    The first `first` blocks (the overview) always stay together in the first message.
    """
    first = min(first, MAX_BLOCKS)
    chunks: list[list[dict[str, Any]]] = [blocks[:first]]
    size = sum(len(json.dumps(b)) for b in chunks[0])
    for block in blocks[first:]:
        length = len(json.dumps(block))
        if len(chunks[-1]) >= MAX_BLOCKS or (chunks[-1] and size + length > MAX_CHARS):
            chunks.append([])
            size = 0
        chunks[-1].append(block)
        size += length
    return [c for c in chunks if c]


def report_messages(report: Report) -> list[Message]:
    """The root message, then its thread continuations (in order)."""
    overview = _overview(report)
    people = [b for p in report.people for b in _person_blocks(p)]
    day = format_day(report.day)
    fallback = _summary(report, "standup.report.fallback", name=report.name, day=day)
    continued = f"{report.name} · {day} " + t("standup.report.continued")
    if report.style == "thread" and people:
        overview.append(_context(t("standup.report.thread_hint")))
        root = Message(fallback, overview)
        return [root] + [Message(continued, chunk) for chunk in _chunks(people, 0)]
    chunks = _chunks(overview + people, len(overview))
    return [Message(fallback, chunks[0])] + [Message(continued, c) for c in chunks[1:]]


def late_message(who: str, day: date, answers: Sequence[Answer], edited: bool) -> Message:
    """A thread reply on a posted report: answers that came (or changed) after it."""
    head = t("standup.report.late_edit" if edited else "standup.report.late_answer", who=who)
    blocks = pack_sections([head] + [qa_text(a) for a in answers])[:MAX_BLOCKS]
    return Message(t("standup.report.late_fallback", who=who, day=format_day(day)), blocks)
