"""Risk messages and modals: the thread root, change replies, lists, nudges. Pure rendering.

Dates are Slack date tokens, so every reader sees them in their own zone; the fallback text
uses the zone the caller passes in. Text people typed is escaped, so a title can never
mention @channel or break the markup.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextInputElement,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId, RiskField
from bot.core.messages import t
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

RATING_EMOJI = {
    "low": ":large_green_circle:",
    "medium": ":large_yellow_circle:",
    "high": ":large_orange_circle:",
    "critical": ":red_circle:",
}
# Long typed fields: a change is named in the thread, not quoted.
LONG_FIELDS = ("description", "response_plan", "trigger", "contingency_plan")
Blocks = list[dict[str, Any]]


class RiskLike(Protocol):
    """What rendering needs of a risk (storage's Risk row has all of it)."""

    id: int

    @property
    def ref(self) -> str: ...
    @property
    def active(self) -> bool: ...

    title: str
    description: str
    kind: str
    category: str
    team: str | None
    owner: str
    raised_by: str
    probability: int
    impact: int
    score: int
    rating: str
    due_at: datetime | None
    response_strategy: str | None
    response_plan: str
    trigger: str
    contingency_plan: str
    customer_impact: bool
    status: str
    close_reason: str | None
    closed_at: datetime | None
    next_review_at: datetime
    created_at: datetime


class EventLike(Protocol):
    actor: str | None
    at: datetime
    type: str
    before: dict[str, Any]
    after: dict[str, Any]


class ActionLike(Protocol):
    number: int
    description: str
    owner: str
    due_at: datetime | None
    status: str


# --- small pieces -----------------------------------------------------------------------------


def escape(text: str) -> str:
    """Make typed text inert in mrkdwn (no mentions, links or broken markup)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def slack_date(at: datetime, tz: ZoneInfo) -> str:
    """A date token every reader sees in their own zone; `tz` only shapes the fallback."""
    fallback = at.astimezone(tz).strftime("%a %d %b %Y %H:%M %Z")
    return f"<!date^{int(at.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def _facts(risk: RiskLike) -> dict[str, Any]:
    """What the risk messages in the catalog may name: {ref}, {title}, {rating}, {p}, …"""
    return {
        "ref": risk.ref,
        "title": escape(risk.title),
        "emoji": RATING_EMOJI[risk.rating],
        "rating": rating_label(risk.rating),
        "p": risk.probability,
        "i": risk.impact,
        "score": risk.score,
        "owner": risk.owner,
        "status": status_label(risk.status),
    }


def rating_label(rating: str) -> str:
    return t(f"risk.rating.{rating}")


def status_label(status: str) -> str:
    return t(f"risk.status.{status}")


def _due(risk: RiskLike | ActionLike, tz: ZoneInfo) -> str:
    return slack_date(risk.due_at, tz) if risk.due_at else t("risk.no_due")


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=text))


def _button(label: str, action: ActionId, risk: RiskLike, **kwargs: Any) -> ButtonElement:
    return ButtonElement(text=t(label), action_id=action, value=str(risk.id), **kwargs)


def _confirm(text: str) -> ConfirmObject:
    return ConfirmObject(
        title=t("risk.confirm.title"),
        text=text,
        confirm=t("risk.confirm.yes"),
        deny=t("risk.confirm.no"),
    )


# --- the thread root --------------------------------------------------------------------------


def root_message(risk: RiskLike, tz: ZoneInfo) -> Message:
    """The root of the risk's thread: always the current state, with its buttons."""
    blocks: list[Block] = [*_risk_sections(risk, tz)]
    if risk.active:
        blocks.append(ActionsBlock(elements=_root_buttons(risk)))
    return Message(root_text(risk), [b.to_dict() for b in blocks])


def root_text(risk: RiskLike) -> str:
    return t("risk.root_text", **_facts(risk))


def _risk_sections(risk: RiskLike, tz: ZoneInfo) -> list[Block]:
    fields = [
        t("risk.field.rating", **_facts(risk)),
        t("risk.field.owner", owner=risk.owner),
        t("risk.field.status", status=status_label(risk.status)),
        t("risk.field.due", due=_due(risk, tz)),
        t(
            "risk.field.kind",
            kind=t(f"risk.kind.{risk.kind}"),
            category=escape(risk.category),
        ),
    ]
    if risk.team:
        fields.append(t("risk.field.team", team=risk.team))
    if risk.response_strategy:
        fields.append(
            t("risk.field.strategy", strategy=t(f"risk.strategy.{risk.response_strategy}"))
        )
    if risk.customer_impact:
        fields.append(t("risk.field.customer"))
    blocks: list[Block] = [
        SectionBlock(
            text=MarkdownTextObject(text=t("risk.root_title", **_facts(risk))),
            fields=[MarkdownTextObject(text=f) for f in fields],
        )
    ]
    if risk.description:
        blocks.append(_section(t("risk.section.description", text=escape(risk.description))))
    for key, text in (
        ("risk.section.contingency", risk.contingency_plan),
        ("risk.section.trigger", risk.trigger),
        ("risk.section.plan", risk.response_plan),
    ):
        if text:
            blocks.append(_section(t(key, text=escape(text))))
    if risk.status == "closed" and risk.closed_at is not None:
        reason = escape(risk.close_reason or "")
        blocks.append(
            _section(t("risk.section.closed", when=slack_date(risk.closed_at, tz), reason=reason))
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=t(
                        "risk.context",
                        raised_by=risk.raised_by,
                        created=slack_date(risk.created_at, tz),
                        review=slack_date(risk.next_review_at, tz),
                    )
                )
            ]
        )
    )
    return blocks


def _root_buttons(risk: RiskLike) -> list[ButtonElement]:
    buttons = [
        _button("risk.button.rescore", ActionId.RISK_RESCORE, risk),
        _button("risk.button.reviewed", ActionId.RISK_REVIEWED, risk, style="primary"),
    ]
    if risk.status != "occurred":
        buttons.append(
            _button(
                "risk.button.trigger_fired",
                ActionId.RISK_TRIGGER_FIRED,
                risk,
                style="danger",
                confirm=_confirm(t("risk.confirm.trigger_fired", ref=risk.ref)),
            )
        )
    buttons += [
        _button("risk.button.close", ActionId.RISK_CLOSE, risk),
        _button(
            "risk.button.escalate",
            ActionId.RISK_ESCALATE,
            risk,
            confirm=_confirm(t("risk.confirm.escalate", ref=risk.ref)),
        ),
        _button("risk.button.edit", ActionId.RISK_EDIT, risk),
    ]
    return buttons


# --- thread replies ---------------------------------------------------------------------------


def event_text(event: EventLike, risk: RiskLike, tz: ZoneInfo) -> str:
    """The thread reply for one change."""
    actor = event.actor or "USLACKBOT"
    after = event.after
    if event.type == "updated":
        return t("risk.event.updated", actor=actor, ref=risk.ref, changes=_changes(event, tz))
    if event.type == "reviewed":
        when = slack_date(datetime.fromisoformat(after["next_review_at"]), tz)
        return t("risk.event.reviewed", actor=actor, ref=risk.ref, when=when)
    if event.type == "trigger_fired":
        contingency = escape(risk.contingency_plan) or t("risk.none")
        return t("risk.event.trigger_fired", actor=actor, ref=risk.ref, contingency=contingency)
    if event.type == "closed":
        reason = escape(str(after.get("close_reason") or ""))
        return t("risk.event.closed", actor=actor, ref=risk.ref, reason=reason)
    if event.type == "action_added":
        due = after.get("due_at")
        return t(
            "risk.event.action_added",
            actor=actor,
            action=after["action"],
            owner=after["owner"],
            due=t("risk.event.action_due", due=_date_value(due, tz)) if due else "",
            text=escape(str(after["description"])),
        )
    if event.type == "action_done":
        return t(
            "risk.event.action_done",
            actor=actor,
            action=after["action"],
            text=escape(str(after["description"])),
        )
    return t("risk.event.escalated", actor=actor, ref=risk.ref)


def _changes(event: EventLike, tz: ZoneInfo) -> str:
    lines = []
    for name, after in event.after.items():
        label = t(f"risk.label.{name}")
        if name in LONG_FIELDS:
            lines.append(t("risk.event.text_changed", field=label))
            continue
        before = _value(name, event.before.get(name), tz)
        lines.append(
            t("risk.event.change", field=label, before=before, after=_value(name, after, tz))
        )
    return "\n".join(lines)


def _value(name: str, value: Any, tz: ZoneInfo) -> str:
    """A stored before/after value as people read it."""
    if value is None or value == "":
        return t("risk.none")
    if name == "owner":
        return f"<@{value}>"
    if name == "due_at":
        return _date_value(value, tz)
    if name == "rating":
        return rating_label(str(value))
    if name == "status":
        return status_label(str(value))
    if name == "kind":
        return t(f"risk.kind.{value}")
    if name == "response_strategy":
        return t(f"risk.strategy.{value}")
    if name == "customer_impact":
        return t("risk.yes" if value else "risk.no")
    return escape(str(value))


def _date_value(value: Any, tz: ZoneInfo) -> str:
    return slack_date(datetime.fromisoformat(str(value)), tz)


# --- list and show ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    risks: Sequence[RiskLike]
    total: int
    page: int
    pages: int
    filters: str  # the words the caller typed, e.g. "mine overdue team:ops"


def list_message(page: Page, tz: ZoneInfo) -> Message:
    described = f" · {escape(page.filters)}" if page.filters else ""
    if not page.risks:
        text = t("risk.list.empty", filters=described)
        return Message(text, [_section(text).to_dict()])
    header = t("risk.list.header", filters=described, total=page.total)
    lines = [_list_line(risk, tz) for risk in page.risks]
    blocks: list[Block] = [_section(header), *(_section(line) for line in lines)]
    if page.page < page.pages:
        args = f"{page.filters} " if page.filters else ""
        footer = t(
            "risk.list.more", page=page.page, pages=page.pages, args=args, next=page.page + 1
        )
    else:
        footer = t("risk.list.page", page=page.page, pages=page.pages)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    return Message("\n".join([header, *lines]), [b.to_dict() for b in blocks])


def _list_line(risk: RiskLike, tz: ZoneInfo) -> str:
    due = t("risk.list.due", due=slack_date(risk.due_at, tz)) if risk.due_at else ""
    return t("risk.list.line", **_facts(risk), due=due)


def show_message(
    risk: RiskLike,
    actions: Sequence[ActionLike],
    events: Sequence[EventLike],
    total_events: int,
    link: str | None,
    tz: ZoneInfo,
) -> Message:
    """One risk in full: its state, actions, the latest history and a link to its thread."""
    blocks = _risk_sections(risk, tz)
    if actions:
        lines = "\n".join(
            t(
                "risk.show.action",
                mark="✓" if a.status == "done" else "•",
                action=a.number,
                text=escape(a.description),
                owner=a.owner,
                due=t("risk.list.due", due=slack_date(a.due_at, tz)) if a.due_at else "",
            )
            for a in actions
        )
        blocks.append(_section(_clip(t("risk.show.actions", lines=lines))))
    if events:
        lines = "\n".join(_history_line(e, tz) for e in events)
        summary = t("risk.show.history", shown=len(events), total=total_events, lines=lines)
        blocks.append(_section(_clip(summary)))
    if link:
        blocks.append(_section(t("risk.show.thread", link=link)))
    return Message(root_text(risk), [b.to_dict() for b in blocks])


def _history_line(event: EventLike, tz: ZoneInfo) -> str:
    who = f"<@{event.actor}>" if event.actor else t("risk.history.tandem")
    if event.type == "updated":
        fields = ", ".join(t(f"risk.label.{name}").lower() for name in event.after)
        what = t("risk.history.updated", fields=fields)
    else:
        what = t(f"risk.history.{event.type}")
    return t("risk.show.event", when=slack_date(event.at, tz), who=who, what=what)


def _clip(text: str, limit: int = 3000) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- nudges -----------------------------------------------------------------------------------


def review_dm(risk: RiskLike) -> Message:
    text = t("risk.review.dm", **_facts(risk))
    buttons = ActionsBlock(
        elements=[
            _button("risk.button.reviewed", ActionId.RISK_REVIEWED, risk, style="primary"),
            _button("risk.button.rescore", ActionId.RISK_RESCORE, risk),
            _button("risk.button.edit", ActionId.RISK_EDIT, risk),
        ]
    )
    return Message(text, [_section(text).to_dict(), buttons.to_dict()])


def review_note(risk: RiskLike) -> str:
    return t("risk.review.note", ref=risk.ref, owner=risk.owner)


def due_dm(risk: RiskLike, overdue: bool, tz: ZoneInfo) -> Message:
    key = "risk.due.overdue" if overdue else "risk.due.soon"
    status = status_label(risk.status).lower()
    text = t(key, **{**_facts(risk), "status": status}, due=_due(risk, tz))
    return Message(text, [_section(text).to_dict()])


def action_due_dm(action: ActionLike, risk: RiskLike, overdue: bool, tz: ZoneInfo) -> Message:
    text = t(
        "risk.action.overdue" if overdue else "risk.action.due_soon",
        **_facts(risk),
        action=action.number,
        due=_due(action, tz),
        text=escape(action.description),
    )
    hint = t("risk.action.finish_hint", ref=risk.ref, action=action.number)
    blocks = [_section(text), ContextBlock(elements=[MarkdownTextObject(text=hint)])]
    return Message(text, [b.to_dict() for b in blocks])


# --- modals -----------------------------------------------------------------------------------


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
    intro = t("risk.modal.rescore_intro", **_facts(risk))
    blocks: list[Block] = [
        _section(intro),
        _select(
            RiskField.PROBABILITY, "risk.modal.probability", _scale("probability"), risk.probability
        ),
        _select(RiskField.IMPACT, "risk.modal.impact", _scale("impact"), risk.impact),
    ]
    return _modal(CallbackId.RISK_RESCORE, "risk.modal.rescore", blocks, metadata)


def close_modal(risk: RiskLike, metadata: Mapping[str, Any]) -> dict[str, Any]:
    blocks: list[Block] = [
        _section(t("risk.root_title", **_facts(risk))),
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
