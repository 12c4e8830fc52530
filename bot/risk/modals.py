"""The risk modals: "New risk", "Edit", "Re-score" and "Close". Pure rendering."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    DatePickerElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.core.blocks.ids import CallbackId, RiskField
from bot.core.messages import t
from bot.risk.blocks import RiskLike, facts, section
from bot.risk.grammar import (
    KINDS,
    MAX_DESCRIPTION,
    MAX_PLAN,
    MAX_REASON,
    MAX_TITLE,
    SCALE,
    SETTABLE_STATUSES,
    STRATEGIES,
)


@dataclass(frozen=True)
class FormDefaults:
    """What a risk form starts with: a blocker's text, or the risk being edited."""

    title: str = ""
    description: str = ""
    kind: str = "threat"
    category: str | None = None
    team: str | None = None
    owner: str | None = None
    probability: int = 3
    impact: int = 3
    due: str | None = None  # "YYYY-MM-DD" in the editor's zone
    strategy: str | None = None
    plan: str = ""
    trigger: str = ""
    contingency: str = ""
    customer_impact: bool = False
    status: str | None = None  # set for an edit


def risk_modal(
    defaults: FormDefaults,
    *,
    categories: Sequence[str],
    teams: Mapping[str, str],
    metadata: Mapping[str, Any],
    edit: bool = False,
) -> dict[str, Any]:
    """The "New risk" form, or with `edit` the "Edit risk" form (which adds the status)."""
    d = defaults
    blocks: list[Block] = [
        _text_input(RiskField.TITLE, "risk.modal.title", d.title, MAX_TITLE, hint=True),
        _text_input(
            RiskField.DESCRIPTION, "risk.modal.description", d.description, MAX_DESCRIPTION
        ),
        _select(RiskField.KIND, "risk.modal.kind", _options("risk.kind", KINDS), d.kind),
        _select(
            RiskField.CATEGORY,
            "risk.modal.category",
            [_option(c, c) for c in categories],
            d.category or categories[0],
        ),
        _user_input(d.owner),
        _select(
            RiskField.PROBABILITY, "risk.modal.probability", _scale("probability"), d.probability
        ),
        _select(RiskField.IMPACT, "risk.modal.impact", _scale("impact"), d.impact),
        InputBlock(
            block_id=RiskField.DUE,
            label=t("risk.modal.due"),
            optional=True,
            element=DatePickerElement(action_id=RiskField.DUE, initial_date=d.due),
        ),
    ]
    if teams:
        team_options = [_option(name, team_id) for team_id, name in teams.items()]
        blocks.append(
            _select(RiskField.TEAM, "risk.modal.team", team_options, d.team, optional=True)
        )
    if edit:
        statuses = _options("risk.status", SETTABLE_STATUSES)
        blocks.append(_select(RiskField.STATUS, "risk.modal.status", statuses, d.status))
    strategies = dict.fromkeys(STRATEGIES["threat"] + STRATEGIES["opportunity"])
    blocks += [
        _select(
            RiskField.STRATEGY,
            "risk.modal.strategy",
            _options("risk.strategy", strategies),
            d.strategy,
            optional=True,
        ),
        _text_input(RiskField.PLAN, "risk.modal.plan", d.plan, MAX_PLAN),
        _text_input(RiskField.TRIGGER, "risk.modal.trigger", d.trigger, MAX_PLAN),
        _text_input(RiskField.CONTINGENCY, "risk.modal.contingency", d.contingency, MAX_PLAN),
        _customer_input(d.customer_impact),
    ]
    return _modal(
        CallbackId.RISK_EDIT if edit else CallbackId.RISK_NEW,
        "risk.modal.edit" if edit else "risk.modal.new",
        blocks,
        metadata,
    )


def rescore_modal(risk: RiskLike, metadata: Mapping[str, Any]) -> dict[str, Any]:
    intro = t("risk.modal.rescore_intro", **facts(risk))
    blocks: list[Block] = [
        section(intro),
        _select(
            RiskField.PROBABILITY, "risk.modal.probability", _scale("probability"), risk.probability
        ),
        _select(RiskField.IMPACT, "risk.modal.impact", _scale("impact"), risk.impact),
    ]
    return _modal(CallbackId.RISK_RESCORE, "risk.modal.rescore", blocks, metadata)


def close_modal(risk: RiskLike, metadata: Mapping[str, Any]) -> dict[str, Any]:
    blocks: list[Block] = [
        section(t("risk.root_title", **facts(risk))),
        InputBlock(
            block_id=RiskField.REASON,
            label=t("risk.modal.reason"),
            hint=t("risk.modal.reason_hint"),
            element=PlainTextInputElement(
                action_id=RiskField.REASON, multiline=True, max_length=MAX_REASON
            ),
        ),
    ]
    return _modal(
        CallbackId.RISK_CLOSE,
        "risk.modal.close",
        blocks,
        metadata,
        submit="risk.modal.submit_close",
    )


def _modal(
    callback: CallbackId,
    title: str,
    blocks: Sequence[Block],
    metadata: Mapping[str, Any],
    submit: str = "risk.modal.submit",
) -> dict[str, Any]:
    return View(
        type="modal",
        callback_id=callback,
        title=t(title),
        submit=t(submit),
        close=t("risk.modal.cancel"),
        private_metadata=json.dumps(dict(metadata), separators=(",", ":")),
        blocks=list(blocks),
    ).to_dict()


def _option(text: str, value: str) -> Option:
    return Option(text=text[:75], value=value)


def _options(prefix: str, values: Sequence[str] | Mapping[str, Any]) -> list[Option]:
    return [_option(t(f"{prefix}.{v}"), v) for v in values]


def _scale(name: str) -> list[Option]:
    return [_option(t(f"risk.{name}.{n}"), str(n)) for n in SCALE]


def _select(
    field: RiskField,
    label: str,
    options: list[Option],
    initial: object,
    *,
    optional: bool = False,
) -> InputBlock:
    chosen = next((o for o in options if o.value == str(initial)), None)
    return InputBlock(
        block_id=field,
        label=t(label),
        optional=optional,
        element=StaticSelectElement(action_id=field, options=options, initial_option=chosen),
    )


def _text_input(
    field: RiskField, label: str, initial: str, limit: int, *, hint: bool = False
) -> InputBlock:
    return InputBlock(
        block_id=field,
        label=t(label),
        optional=field != RiskField.TITLE,
        hint=t("risk.modal.title_hint") if hint else None,
        element=PlainTextInputElement(
            action_id=field,
            initial_value=initial[:limit] or None,
            multiline=field != RiskField.TITLE,
            max_length=limit,
        ),
    )


def _user_input(owner: str | None) -> InputBlock:
    return InputBlock(
        block_id=RiskField.OWNER,
        label=t("risk.modal.owner"),
        element=UserSelectElement(action_id=RiskField.OWNER, initial_user=owner),
    )


def _customer_input(checked: bool) -> InputBlock:
    option = _option(t("risk.modal.customer_option"), "yes")
    return InputBlock(
        block_id=RiskField.CUSTOMER_IMPACT,
        label=t("risk.modal.customer"),
        optional=True,
        element=CheckboxesElement(
            action_id=RiskField.CUSTOMER_IMPACT,
            options=[option],
            initial_options=[option] if checked else None,
        ),
    )
