"""Retro messages (pure): the prompt DM, the answer form and the channel summary."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.blocks.text import MAX_BLOCKS, clip, day_text, escape
from bot.core.messages import t

MAX_ANSWER = 2000
SECTION = 2900  # characters of one section, under Slack's 3,000


def question_block(index: int) -> str:
    return f"retro_q{index}"


def prompt_message(name: str, questions: Sequence[str], prompt_id: int, closes: str) -> Message:
    listed = "\n".join(f"{n}. {escape(q)}" for n, q in enumerate(questions, start=1))
    text = t("retro.prompt", name=escape(name), closes=closes, questions=listed)
    button = ButtonElement(
        text=t("retro.prompt.button"), action_id=ActionId.RETRO_ANSWER, value=str(prompt_id)
    )
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=clip(text))).to_dict(),
            ActionsBlock(elements=[button]).to_dict(),
        ],
    )


def question_message(questions: Sequence[str], index: int) -> Message:
    """The next question of a retro answered by DM replies."""
    text = t("retro.question", n=index + 1, total=len(questions), question=escape(questions[index]))
    return Message(text=clip(text, SECTION))


def answer_form(questions: Sequence[str], answers: Sequence[str], prompt_id: int) -> dict[str, Any]:
    """One optional input per question, holding the person's earlier answers (edits)."""
    blocks = [
        InputBlock(
            block_id=question_block(index),
            label=clip(question, 2000),
            optional=True,
            element=PlainTextInputElement(
                action_id=question_block(index),
                multiline=True,
                max_length=MAX_ANSWER,
                initial_value=(answers[index] if index < len(answers) else "") or None,
            ),
        )
        for index, question in enumerate(questions)
    ]
    return View(
        type="modal",
        callback_id=CallbackId.RETRO_ANSWERS,
        title=t("retro.form.title"),
        submit=t("retro.form.submit"),
        close=t("retro.form.cancel"),
        private_metadata=json.dumps({"prompt": prompt_id}),
        blocks=blocks,
    ).to_dict()


def summary_messages(
    *,
    name: str,
    day: date,
    team: str,
    questions: Sequence[str],
    answers: Mapping[str, Sequence[str]],
    asked: int,
    lessons: int,
) -> list[Message]:
    """The summary for the team channel: each question with everyone's answer to it.

    Sections stay under Slack's 3,000 characters (a long question's answers take several) and
    a message under 50 blocks; what does not fit continues in further messages (the thread).
    """
    title = t(
        "retro.summary.title",
        name=escape(name),
        day=day_text(day, year=True),
        answered=len(answers),
        asked=asked,
    )
    sections = [title]
    for index, question in enumerate(questions):
        lines = [
            clip(t("retro.summary.answer", user=user, text=escape(given[index])), SECTION)
            for user, given in answers.items()
            if index < len(given) and given[index].strip()
        ] or [t("retro.summary.nobody")]
        chunk = clip(t("retro.summary.question", question=escape(question)), SECTION)
        for line in lines:
            if len(chunk) + 1 + len(line) > SECTION:
                sections.append(chunk)
                chunk = line
            else:
                chunk = f"{chunk}\n{line}"
        sections.append(chunk)
    if lessons:
        sections.append(t("retro.summary.lessons", count=lessons, team=team))
    messages = []
    for start in range(0, len(sections), MAX_BLOCKS):
        part = sections[start : start + MAX_BLOCKS]
        blocks = [SectionBlock(text=MarkdownTextObject(text=x)).to_dict() for x in part]
        messages.append(Message(text=clip("\n\n".join(part), SECTION), blocks=blocks))
    return messages
