"""The weekly status report: the DM to the lead, its modal, and the saved summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    InputBlock,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
)

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId
from bot.core.blocks.text import RAG_EMOJI, SECTION_LIMIT, clip, unescape
from bot.core.messages import t
from bot.standup.blocks import format_day, modal

VALUE_ACTION = "value"
RAG = ("green", "amber", "red")
SLA = ("met", "at_risk", "breached")


@dataclass(frozen=True)
class StatusForm:
    """What a lead reports. Project teams: rag, progress, milestone, milestone_date, risks.
    Ops teams: kpis, incidents, sla."""

    kind: str
    rag: str | None = None
    progress: int | None = None
    milestone: str | None = None
    milestone_date: date | None = None
    risks: str | None = None
    kpis: dict[str, str] = field(default_factory=dict)
    incidents: str | None = None
    sla: str | None = None


def _option(prefix: str, value: str) -> Option:
    return Option(value=value, text=t(f"{prefix}.{value}"))


def _select(
    block_id: str, label: str, prefix: str, values: tuple[str, ...], current: str | None
) -> InputBlock:
    options = [_option(prefix, v) for v in values]
    initial = next((o for o, v in zip(options, values, strict=True) if v == current), None)
    return InputBlock(
        block_id=block_id,
        label=t(label),
        element=StaticSelectElement(
            action_id=VALUE_ACTION, options=options, initial_option=initial
        ),
    )


def _text(
    block_id: str,
    label: str,
    current: str | None,
    *,
    multiline: bool = False,
    optional: bool = False,
    hint: str | None = None,
) -> InputBlock:
    return InputBlock(
        block_id=block_id,
        label=t(label),
        optional=optional,
        element=PlainTextInputElement(
            action_id=VALUE_ACTION,
            multiline=multiline,
            max_length=3000,
            initial_value=clip(unescape(current), 3000) if current else None,
            placeholder=t(hint) if hint else None,
        ),
    )


@dataclass(frozen=True)
class StatusView:
    """What the status-report modal shows: the team's week and its form so far."""

    entry_id: int
    team: str
    day: date
    form: StatusForm


def status_modal(view: StatusView) -> dict[str, Any]:
    """Project teams: RAG, progress, milestone and date, risks. Ops: KPIs, incidents, SLA."""
    entry_id, team, day, form = view.entry_id, view.team, view.day, view.form
    blocks: list[Any] = [
        SectionBlock(text=t("status.modal.header", team=team, day=format_day(day)))
    ]
    if form.kind == "ops":
        kpis = "\n".join(f"{k}: {v}" for k, v in form.kpis.items())
        blocks += [
            _text("kpis", "status.field.kpis", kpis, multiline=True, hint="status.field.kpis_hint"),
            _text(
                "incidents", "status.field.incidents", form.incidents, multiline=True, optional=True
            ),
            _select("sla", "status.field.sla", "status.sla", SLA, form.sla),
        ]
    else:
        progress = str(form.progress) if form.progress is not None else None
        milestone_date = form.milestone_date.isoformat() if form.milestone_date else None
        blocks += [
            _select("rag", "status.field.rag", "status.rag", RAG, form.rag),
            _text("progress", "status.field.progress", progress, hint="status.field.progress_hint"),
            _text("milestone", "status.field.milestone", form.milestone),
            _text(
                "milestone_date",
                "status.field.milestone_date",
                milestone_date,
                hint="status.field.milestone_date_hint",
            ),
            _text("risks", "status.field.risks", form.risks, multiline=True, optional=True),
        ]
    return modal(CallbackId.STATUS_REPORT, entry_id, "status.modal", blocks)


def summary_lines(form: StatusForm) -> list[str]:
    none = t("status.summary.none")
    if form.kind == "ops":
        kpis = ", ".join(f"{k}: {v}" for k, v in form.kpis.items()) or none
        sla = t(f"status.sla.{form.sla}") if form.sla else none
        return [
            t("status.summary.kpis", kpis=clip(kpis, 1500)),
            t("status.summary.ops", sla=sla, incidents=clip(form.incidents or none, 1000)),
        ]
    rag = f"{RAG_EMOJI[form.rag]} {t(f'status.rag.{form.rag}')}" if form.rag else none
    when = format_day(form.milestone_date) if form.milestone_date else none
    lines = [
        t(
            "status.summary.project",
            rag=rag,
            progress=form.progress if form.progress is not None else "?",
            milestone=clip(form.milestone or none, 500),
            date=when,
        )
    ]
    if form.risks:
        lines.append(t("status.summary.risks", text=clip(form.risks, 1500)))
    return lines


def status_prompt_message(
    *, entry_id: int, team: str, day: date, late_time: str | None = None
) -> Message:
    text = t("status.prompt", team=team, day=format_day(day))
    if late_time:
        text += "\n" + t("standup.prompt.late", time=late_time)
    button = ButtonElement(
        text=t("status.button.open"),
        action_id=ActionId.STATUS_REPORT_OPEN,
        value=str(entry_id),
        style="primary",
    )
    blocks = [SectionBlock(text=text), ActionsBlock(block_id="status-actions", elements=[button])]
    fallback = t("status.prompt.fallback", team=team, day=format_day(day))
    return Message(fallback, [b.to_dict() for b in blocks])


def status_saved_message(
    *, entry_id: int, team: str, day: date, by: str, form: StatusForm
) -> Message:
    """Replaces the prompt DM once submitted: the summary and an edit button."""
    head = t("status.submitted", team=team, day=format_day(day), by=by)
    button = ButtonElement(
        text=t("status.button.edit"), action_id=ActionId.STATUS_REPORT_OPEN, value=str(entry_id)
    )
    blocks = [
        SectionBlock(text=clip("\n".join([head, *summary_lines(form)]), SECTION_LIMIT)),
        ActionsBlock(block_id="status-actions", elements=[button]),
    ]
    return Message(clip(head, SECTION_LIMIT), [b.to_dict() for b in blocks])
