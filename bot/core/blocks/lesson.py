"""The "Record a lesson" button, offered by risks (on closing) and escalations (on resolving).

Shared here because two features show it and a third (lessons) answers it."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import ActionsBlock, ButtonElement

from bot.core.blocks.ids import ActionId
from bot.core.messages import t


def record_lesson_actions(*, risk: int | None, source: str) -> dict[str, Any]:
    """An actions block with the button; its value names the risk and the lesson's source."""
    button = ButtonElement(
        text=t("lesson.record.button"),
        action_id=ActionId.LESSON_RECORD,
        value=json.dumps({"risk": risk, "source": source}),
    )
    return ActionsBlock(block_id="lesson_record", elements=[button]).to_dict()
