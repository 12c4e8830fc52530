"""Risk messages: the thread root, change replies, lists, nudges. Pure rendering.

The modals are in `bot.risk.modals`.

Dates are Slack date tokens, so every reader sees them in their own zone; the fallback text
uses the zone the caller passes in. Text people typed is escaped, so a title can never
mention @channel or break the markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId
from bot.core.blocks.lesson import record_lesson_actions
from bot.core.blocks.text import clip, escape, slack_time
from bot.core.messages import t

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


def facts(risk: RiskLike) -> dict[str, Any]:
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
    return slack_time(risk.due_at, tz) if risk.due_at else t("risk.no_due")


def section(text: str) -> SectionBlock:
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
    return t("risk.root_text", **facts(risk))


def _risk_sections(risk: RiskLike, tz: ZoneInfo) -> list[Block]:
    fields = [
        t("risk.field.rating", **facts(risk)),
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
            text=MarkdownTextObject(text=t("risk.root_title", **facts(risk))),
            fields=[MarkdownTextObject(text=f) for f in fields],
        )
    ]
    if risk.description:
        blocks.append(section(t("risk.section.description", text=escape(risk.description))))
    for key, text in (
        ("risk.section.contingency", risk.contingency_plan),
        ("risk.section.trigger", risk.trigger),
        ("risk.section.plan", risk.response_plan),
    ):
        if text:
            blocks.append(section(t(key, text=escape(text))))
    if risk.status == "closed" and risk.closed_at is not None:
        reason = escape(risk.close_reason or "")
        blocks.append(
            section(t("risk.section.closed", when=slack_time(risk.closed_at, tz), reason=reason))
        )
    blocks.append(
        ContextBlock(
            elements=[
                MarkdownTextObject(
                    text=t(
                        "risk.context",
                        raised_by=risk.raised_by,
                        created=slack_time(risk.created_at, tz),
                        review=slack_time(risk.next_review_at, tz),
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
        when = slack_time(datetime.fromisoformat(after["next_review_at"]), tz)
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
    return slack_time(datetime.fromisoformat(str(value)), tz)


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
        return Message(text, [section(text).to_dict()])
    header = t("risk.list.header", filters=described, total=page.total)
    lines = [_list_line(risk, tz) for risk in page.risks]
    if page.page < page.pages:
        args = f"{page.filters} " if page.filters else ""
        footer = t(
            "risk.list.more", page=page.page, pages=page.pages, args=args, next=page.page + 1
        )
    else:
        footer = t("risk.list.page", page=page.page, pages=page.pages)
    blocks = [section_dict(header), *(section_dict(line) for line in lines)]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]).to_dict())
    return Message("\n".join([header, *lines]), blocks)


def section_dict(text: str) -> dict[str, Any]:
    """`section(text).to_dict()`, without walking slack_sdk's validators for a text that
    passes them: the list answers in its ack, and that walk was most of its rendering CPU.
    Any other text goes through the model, which raises as it always did."""
    if 0 < len(text) <= SectionBlock.text_max_length:
        return {"text": {"text": text, "type": "mrkdwn"}, "type": "section"}
    return section(text).to_dict()


def _list_line(risk: RiskLike, tz: ZoneInfo) -> str:
    due = t("risk.list.due", due=slack_time(risk.due_at, tz)) if risk.due_at else ""
    return t("risk.list.line", **facts(risk), due=due)


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
                due=t("risk.list.due", due=slack_time(a.due_at, tz)) if a.due_at else "",
            )
            for a in actions
        )
        blocks.append(section(clip(t("risk.show.actions", lines=lines))))
    if events:
        lines = "\n".join(_history_line(e, tz) for e in events)
        summary = t("risk.show.history", shown=len(events), total=total_events, lines=lines)
        blocks.append(section(clip(summary)))
    if link:
        blocks.append(section(t("risk.show.thread", link=link)))
    return Message(root_text(risk), [b.to_dict() for b in blocks])


def _history_line(event: EventLike, tz: ZoneInfo) -> str:
    who = f"<@{event.actor}>" if event.actor else t("risk.history.tandem")
    if event.type == "updated":
        fields = ", ".join(t(f"risk.label.{name}").lower() for name in event.after)
        what = t("risk.history.updated", fields=fields)
    else:
        what = t(f"risk.history.{event.type}")
    return t("risk.show.event", when=slack_time(event.at, tz), who=who, what=what)


# --- nudges -----------------------------------------------------------------------------------


def review_dm(risk: RiskLike) -> Message:
    text = t("risk.review.dm", **facts(risk))
    buttons = ActionsBlock(
        elements=[
            _button("risk.button.reviewed", ActionId.RISK_REVIEWED, risk, style="primary"),
            _button("risk.button.rescore", ActionId.RISK_RESCORE, risk),
            _button("risk.button.edit", ActionId.RISK_EDIT, risk),
        ]
    )
    return Message(text, [section(text).to_dict(), buttons.to_dict()])


def review_note(risk: RiskLike) -> str:
    return t("risk.review.note", ref=risk.ref, owner=risk.owner)


def due_dm(risk: RiskLike, overdue: bool, tz: ZoneInfo) -> Message:
    key = "risk.due.overdue" if overdue else "risk.due.soon"
    status = status_label(risk.status).lower()
    text = t(key, **{**facts(risk), "status": status}, due=_due(risk, tz))
    return Message(text, [section(text).to_dict()])


def action_due_dm(action: ActionLike, risk: RiskLike, overdue: bool, tz: ZoneInfo) -> Message:
    text = t(
        "risk.action.overdue" if overdue else "risk.action.due_soon",
        **facts(risk),
        action=action.number,
        due=_due(action, tz),
        text=escape(action.description),
    )
    hint = t("risk.action.finish_hint", ref=risk.ref, action=action.number)
    blocks = [section(text), ContextBlock(elements=[MarkdownTextObject(text=hint)])]
    return Message(text, [b.to_dict() for b in blocks])


def closed_message(text: str, number: int) -> Message:
    """The answer to closing a risk, offering to record what was learned from it."""
    return Message(
        text=text,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=text)).to_dict(),
            record_lesson_actions(risk=number, source="risk-close"),
        ],
    )
