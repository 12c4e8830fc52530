"""Reading the "Record a lesson" modal: a command, or errors keyed by the field's block id."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from bot.core.blocks.ids import LessonField
from bot.core.errors import UserError
from bot.lessons.grammar import AddLesson, parse_risk, parse_text
from bot.lessons.modal import TEAM_FIELD


def read_form(
    values: Mapping[str, Any], *, risk_exists: Callable[[int], bool]
) -> tuple[AddLesson | None, dict[str, str]]:
    """The lesson the form describes, or the error of each field that is wrong."""
    errors: dict[str, str] = {}
    text = ""
    risk: int | None = None
    try:
        text = parse_text(str(values.get(LessonField.TEXT) or ""))
    except UserError as exc:
        errors[LessonField.TEXT] = exc.render()
    raw_risk = str(values.get(LessonField.RISK) or "").strip()
    if raw_risk:
        try:
            risk = parse_risk(raw_risk)
        except UserError as exc:
            errors[LessonField.RISK] = exc.render()
        else:
            if not risk_exists(risk):
                errors[LessonField.RISK] = UserError(
                    "lesson.error.unknown_risk", risk=f"R-{risk}"
                ).render()
    team = str(values.get(TEAM_FIELD) or "") or None
    if errors:
        return None, errors
    return AddLesson(text=text, team=team, risk=risk), {}
