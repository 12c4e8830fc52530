"""The "Record a lesson" modal (pure rendering), opened from the button risks and
escalations offer; pre-filled with the risk and its team."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
)
from slack_sdk.models.views import View

from bot.core.blocks.ids import CallbackId, LessonField
from bot.core.messages import t
from bot.lessons.grammar import MAX_TEXT

TEAM_FIELD = "lesson_team"


def record_modal(
    *,
    risk: int | None,
    team: str | None,
    teams: Mapping[str, str],
    metadata: Mapping[str, Any],
) -> dict[str, Any]:
    """The modal; `teams` maps ids to names (the select's options, at most 100)."""
    options = [Option(text=name[:75], value=team_id) for team_id, name in teams.items()][:100]
    chosen = next((o for o in options if o.value == team), None)
    blocks = [
        InputBlock(
            block_id=LessonField.TEXT,
            label=t("lesson.modal.text"),
            hint=t("lesson.modal.text_hint"),
            element=PlainTextInputElement(
                action_id=LessonField.TEXT, multiline=True, max_length=MAX_TEXT
            ),
        ),
        InputBlock(
            block_id=TEAM_FIELD,
            label=t("lesson.modal.team"),
            element=StaticSelectElement(
                action_id=TEAM_FIELD, options=options, initial_option=chosen
            ),
        ),
        InputBlock(
            block_id=LessonField.RISK,
            label=t("lesson.modal.risk"),
            optional=True,
            element=PlainTextInputElement(
                action_id=LessonField.RISK,
                initial_value=f"R-{risk}" if risk is not None else None,
                max_length=20,
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.LESSON_RECORD,
        title=t("lesson.modal.title"),
        submit=t("lesson.modal.submit"),
        close=t("lesson.modal.cancel"),
        private_metadata=json.dumps(dict(metadata), separators=(",", ":")),
        blocks=blocks,
    ).to_dict()
