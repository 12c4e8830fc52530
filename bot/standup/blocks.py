"""Stand-up DMs and the answers modal: pure renderers, each with a plain-text fallback."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.blocks.text import SECTION_LIMIT, clip, day_text, unescape
from bot.core.messages import t

ANSWER_ACTION = "answer"
MAX_ANSWER = 3000


def format_day(day: date) -> str:
    """ "Tue 24 Nov" (the same in every zone: it is a local date already)."""
    return day_text(day)


def format_when(at: datetime, tz: ZoneInfo) -> str:
    """ "Wed 25 Nov 09:30" in `tz`."""
    local = at.astimezone(tz)
    return f"{format_day(local.date())} {local:%H:%M}"


def _buttons(prompt_id: int, *, skip: bool, edit: bool = False) -> ActionsBlock:
    elements = [
        ButtonElement(
            text=t("standup.button.edit" if edit else "standup.button.form"),
            action_id=ActionId.STANDUP_OPEN_MODAL,
            value=str(prompt_id),
            style=None if edit else "primary",
        )
    ]
    if skip:
        elements.append(
            ButtonElement(
                text=t("standup.button.skip"),
                action_id=ActionId.STANDUP_SKIP_TODAY,
                value=str(prompt_id),
            )
        )
    return ActionsBlock(block_id="standup-actions", elements=elements)


def question_text(questions: Sequence[str], index: int) -> str:
    return t("standup.question", n=index + 1, total=len(questions), question=questions[index])


def prompt_message(
    *,
    name: str,
    day: date,
    questions: Sequence[str],
    prompt_id: int,
    late_time: str | None = None,
) -> Message:
    """The first DM of a stand-up day: intro, first question, form and skip buttons."""
    intro = t("standup.prompt.intro", name=name, day=format_day(day))
    if late_time:
        intro += "\n" + t("standup.prompt.late", time=late_time)
    first = question_text(questions, 0)
    blocks = [
        SectionBlock(block_id="standup-intro", text=clip(intro, SECTION_LIMIT)),
        SectionBlock(block_id="standup-question", text=clip(first, SECTION_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=t("standup.prompt.how"))]),
        _buttons(prompt_id, skip=True),
    ]
    text = t("standup.prompt.fallback", name=name, day=format_day(day), question=first)
    return Message(clip(text, SECTION_LIMIT), [b.to_dict() for b in blocks])


def prompt_messages(
    *, name: str, day: date, questions: Sequence[str], late_time: str | None = None
) -> Callable[[int], Message]:
    """`prompt_message` for many people of one stand-up day: rendered once, and each call
    fills in only what differs per person, the prompt id its buttons carry."""
    template = prompt_message(
        name=name, day=day, questions=questions, prompt_id=0, late_time=late_time
    )
    *fixed, actions = template.blocks

    def fill(prompt_id: int) -> Message:
        value = str(prompt_id)
        buttons = {**actions, "elements": [{**e, "value": value} for e in actions["elements"]]}
        return Message(template.text, [*fixed, buttons])

    return fill


def question_message(questions: Sequence[str], index: int) -> Message:
    return Message(clip(question_text(questions, index), SECTION_LIMIT))


def done_message(day: date, prompt_id: int) -> Message:
    text = t("standup.done", day=format_day(day))
    blocks = [SectionBlock(text=text), _buttons(prompt_id, skip=False, edit=True)]
    return Message(text, [b.to_dict() for b in blocks])


def reminder_message(
    *, name: str, day: date, questions: Sequence[str], next_index: int, prompt_id: int
) -> Message:
    head = t("standup.reminder", name=name, day=format_day(day))
    question = question_text(questions, min(next_index, len(questions) - 1))
    blocks = [
        SectionBlock(text=clip(head + "\n" + question, SECTION_LIMIT)),
        _buttons(prompt_id, skip=True),
    ]
    text = t("standup.reminder.fallback", name=name, day=format_day(day))
    return Message(text, [b.to_dict() for b in blocks])


def skipped_message(day: date) -> Message:
    text = t("standup.skipped", day=format_day(day))
    return Message(text, [SectionBlock(text=text).to_dict()])


@dataclass(frozen=True)
class AnswersForm:
    """What the answers modal shows: a prompt's questions and the answers so far."""

    prompt_id: int
    name: str
    day: date
    questions: Sequence[str]
    answers: Mapping[int, str]
    after_report: bool


def answers_modal(form: AnswersForm) -> dict[str, Any]:
    """Every question as an optional input, prefilled with the answers so far."""
    prompt_id, name, day, questions = form.prompt_id, form.name, form.day, form.questions
    answers, after_report = form.answers, form.after_report
    header = t("standup.modal.header", name=name, day=format_day(day))
    if after_report:
        header += "\n" + t("standup.modal.after_report")
    blocks: list[Any] = [SectionBlock(text=clip(header, SECTION_LIMIT))]
    for index, question in enumerate(questions):
        current = answers.get(index)
        blocks.append(
            InputBlock(
                block_id=f"q{index}",
                label=clip(question, 2000),
                optional=True,
                element=PlainTextInputElement(
                    action_id=ANSWER_ACTION,
                    multiline=True,
                    max_length=MAX_ANSWER,
                    initial_value=clip(unescape(current), MAX_ANSWER) if current else None,
                ),
            )
        )
    return modal(CallbackId.STANDUP_ANSWERS, prompt_id, "standup.modal", blocks)


def modal(callback_id: str, row_id: int, copy: str, blocks: Sequence[Any]) -> dict[str, Any]:
    """A modal about row `row_id`; its title and buttons are the `copy`.title/submit/close."""
    return View(
        type="modal",
        callback_id=callback_id,
        private_metadata=str(row_id),
        title=t(f"{copy}.title"),
        submit=t(f"{copy}.submit"),
        close=t(f"{copy}.close"),
        blocks=list(blocks),
    ).to_dict()
