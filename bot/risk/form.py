"""Reading the risk modals: submitted values in, Risk attributes or per-field errors out."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.blocks.ids import RiskField
from bot.core.errors import UserError
from bot.core.messages import t
from bot.risk.grammar import (
    KINDS,
    MAX_DESCRIPTION,
    MAX_PLAN,
    SETTABLE_STATUSES,
    STRATEGIES,
    parse_due,
    parse_reason,
    parse_scale,
    parse_team,
    parse_title,
)

# Submitted modal values by block id: str for text, selects and dates, list for checkboxes.
FormValues = Mapping[str, Any]


@dataclass(frozen=True)
class FormContext:
    """What reading a form needs to know: the submitter's zone and now, the choices offered,
    and (for an edit) the risk's current due date, which may be in the past already."""

    tz: ZoneInfo
    now: datetime
    categories: Collection[str]
    teams: Collection[str]
    current_due: datetime | None = None


def read_risk_form(values: FormValues, ctx: FormContext) -> tuple[dict[str, Any], dict[str, str]]:
    """The New-risk or Edit form as Risk attributes, and errors keyed by block id."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def read(block: RiskField, attribute: str, convert: Callable[[Any], Any]) -> None:
        try:
            fields[attribute] = convert(values.get(block))
        except UserError as exc:
            errors[block] = exc.render()

    read(RiskField.TITLE, "title", lambda v: parse_title(v or ""))
    read(RiskField.DESCRIPTION, "description", lambda v: _text(v, "description", MAX_DESCRIPTION))
    read(RiskField.KIND, "kind", lambda v: _choice(v or "threat", KINDS))
    read(RiskField.CATEGORY, "category", lambda v: _choice(v, ctx.categories))
    read(RiskField.TEAM, "team", lambda v: parse_team(v, ctx.teams) if v else None)
    read(RiskField.OWNER, "owner", _required)
    read(RiskField.PROBABILITY, "probability", lambda v: parse_scale("p", v or ""))
    read(RiskField.IMPACT, "impact", lambda v: parse_scale("i", v or ""))
    read(RiskField.DUE, "due_at", lambda v: _due(v, ctx))
    read(RiskField.STRATEGY, "response_strategy", lambda v: v or None)
    read(RiskField.PLAN, "response_plan", lambda v: _text(v, "response_plan", MAX_PLAN))
    read(RiskField.TRIGGER, "trigger", lambda v: _text(v, "trigger", MAX_PLAN))
    read(RiskField.CONTINGENCY, "contingency_plan", lambda v: _text(v, "contingency", MAX_PLAN))
    fields["customer_impact"] = bool(values.get(RiskField.CUSTOMER_IMPACT))
    if RiskField.STATUS in values:
        read(RiskField.STATUS, "status", lambda v: _choice(v, SETTABLE_STATUSES))
    strategy, kind = fields.get("response_strategy"), fields.get("kind")
    if strategy and kind and strategy not in STRATEGIES[kind]:
        errors[RiskField.STRATEGY] = UserError(
            "risk.error.strategy", strategy=strategy, kind=kind
        ).render()
    return fields, errors


def read_scores(values: FormValues) -> tuple[dict[str, Any], dict[str, str]]:
    """The Re-score form: probability and impact."""
    fields: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for block, attribute, key in (
        (RiskField.PROBABILITY, "probability", "p"),
        (RiskField.IMPACT, "impact", "i"),
    ):
        try:
            fields[attribute] = parse_scale(key, values.get(block) or "")
        except UserError as exc:
            errors[block] = exc.render()
    return fields, errors


def read_reason(values: FormValues) -> tuple[str | None, dict[str, str]]:
    """The Close form: the reason, which is required."""
    try:
        return parse_reason(values.get(RiskField.REASON) or ""), {}
    except UserError as exc:
        return None, {RiskField.REASON: exc.render()}


def _text(value: Any, name: str, limit: int) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        raise UserError(
            "risk.error.too_long", field=t("risk.name." + name), length=len(text), limit=limit
        )
    return text


def _choice(value: Any, options: Collection[str]) -> str:
    if value not in options:
        raise UserError("risk.error.choose", known=", ".join(options))
    return str(value)


def _required(value: Any) -> str:
    if not value:
        raise UserError("risk.error.owner_required")
    return str(value)


def _due(value: Any, ctx: FormContext) -> datetime | None:
    if not value:
        return None
    current = ctx.current_due
    if current is not None and current.astimezone(ctx.tz).date().isoformat() == value:
        return current  # unchanged, even if that day has passed
    return parse_due(str(value), ctx.tz, ctx.now)
