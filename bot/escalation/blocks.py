"""Block Kit for pages: the DM with Acknowledge / Escalate now / Resolve, and its closed form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.blocks.ids import ActionId
from bot.core.blocks.lesson import record_lesson_actions
from bot.core.messages import t

MAX_REASON = 1000


@dataclass(frozen=True)
class Page:
    """What one page DM says; numbers are 1-based as people count."""

    run_id: int
    ref: str
    title: str
    reason: str
    level: int
    levels: int
    pass_no: int
    passes: int
    policy: str
    version: str
    customer: bool = False  # the subject affects customers


def _summary(page: Page) -> SectionBlock:
    title = t("escalation.page_title", ref=page.ref, title=page.title)
    detail = t(
        "escalation.page_detail",
        level=page.level,
        levels=page.levels,
        pass_no=page.pass_no,
        passes=page.passes,
        policy=page.policy,
        version=page.version,
        reason=page.reason[:MAX_REASON],
    )
    if page.customer:
        detail = f"{t('customer.page_note')}\n{detail}"
    return SectionBlock(block_id="page", text=f"{title}\n{detail}")


def page_message(page: Page) -> tuple[str, list[dict[str, Any]]]:
    """The page DM: text fallback and blocks with the three buttons (value: the run id)."""
    value = str(page.run_id)
    buttons = [
        ButtonElement(
            text=t("escalation.button_ack"),
            action_id=ActionId.ESCALATION_ACK,
            value=value,
            style="primary",
        ),
        ButtonElement(
            text=t("escalation.button_now"), action_id=ActionId.ESCALATION_NOW, value=value
        ),
        ButtonElement(
            text=t("escalation.button_resolve"),
            action_id=ActionId.ESCALATION_RESOLVE,
            value=value,
            style="danger",
        ),
    ]
    blocks: list[Block] = [_summary(page), ActionsBlock(block_id="page_actions", elements=buttons)]
    text = t("escalation.page_text", ref=page.ref, title=page.title)
    if page.customer:
        text = f"{text} ({t('customer.mark')})"
    return text, [b.to_dict() for b in blocks]


def closed_page_message(page: Page, outcome: str) -> tuple[str, list[dict[str, Any]]]:
    """The page DM once it needs no answer: the summary and `outcome`, no buttons."""
    blocks: list[Block] = [
        _summary(page),
        ContextBlock(block_id="page_outcome", elements=[MarkdownTextObject(text=outcome)]),
    ]
    return f"{t('escalation.page_text', ref=page.ref, title=page.title)}\n{outcome}", [
        b.to_dict() for b in blocks
    ]


def resolved_blocks(text: str, risk_ref: str | None) -> list[dict[str, Any]]:
    """The answer to resolving a run, offering to record a lesson (linked to its risk)."""
    number = risk_ref[2:] if risk_ref and risk_ref.startswith("R-") else ""
    return [
        SectionBlock(text=MarkdownTextObject(text=text)).to_dict(),
        record_lesson_actions(risk=int(number) if number.isdigit() else None, source="escalation"),
    ]
