"""App Home's renderers: one function per section, and the view that joins them within
Slack's limits (100 blocks, 3,000 characters per section text)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DatePickerElement,
    DividerBlock,
    HeaderBlock,
    InputBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.blocks.ids import ActionId, CallbackId, HomeField
from bot.core.blocks.text import SECTION_LIMIT, clip, day_text, duration, mention, slack_time
from bot.core.messages import COMMANDS, command_help, t
from bot.home.model import HomeData, Section

MAX_HOME_BLOCKS = 100
RATINGS = ("critical", "high", "medium", "low")


def _lines(lines: Sequence[str]) -> str:
    """Lines joined, cut at a whole line to fit one section's text."""
    out: list[str] = []
    size = 0
    for line in lines:
        line = clip(line, 500)
        if size + len(line) + 1 > SECTION_LIMIT - 2:
            out.append("…")
            break
        out.append(line)
        size += len(line) + 1
    return "\n".join(out)


def _percent(rate: float | None) -> str:
    return t("home.metrics.none") if rate is None else f"{round(rate * 100)}%"


def _age(delta: timedelta | None) -> str:
    return t("home.metrics.none") if delta is None else duration(delta.total_seconds())


def roles_section(data: HomeData) -> list[Any]:
    roles = data.roles
    parts: list[str] = []
    if roles.leads:
        parts.append(t("home.roles.lead", teams=", ".join(roles.leads)))
    if roles.member_of:
        parts.append(t("home.roles.member", teams=", ".join(roles.member_of)))
    if roles.rotations:
        key = "home.roles.rotation" if len(roles.rotations) == 1 else "home.roles.rotations"
        parts.append(t(key, rotations=", ".join(roles.rotations)))
    if roles.risks:
        key = "home.roles.owner" if roles.risks == 1 else "home.roles.owner_many"
        parts.append(t(key, count=roles.risks))
    text = "; ".join(parts) if parts else t("home.roles.none")
    return [SectionBlock(text=clip(f"{t('home.roles.title')}\n{text[:1].upper()}{text[1:]}"))]


def actions_section(data: HomeData) -> list[Any]:
    buttons = [ButtonElement(text=t("home.action.new_risk"), action_id=ActionId.HOME_NEW_RISK)]
    today = next((p for p in data.prompts if p.kind == "standup" and p.today), None)
    if today is not None and today.answered == 0:
        buttons.append(
            ButtonElement(
                text=t("home.action.skip_today"),
                action_id=ActionId.HOME_SKIP_TODAY,
                value=str(today.id),
            )
        )
    buttons.append(ButtonElement(text=t("home.action.away"), action_id=ActionId.HOME_AWAY))
    return [ActionsBlock(block_id="home-actions", elements=buttons)]


def prompts_section(data: HomeData) -> list[Any]:
    blocks: list[Any] = [SectionBlock(text=t("home.prompts.title"))]
    if not data.prompts:
        return [SectionBlock(text=f"{t('home.prompts.title')}\n{t('home.prompts.none')}")]
    for prompt in data.prompts:
        day = day_text(prompt.day)
        if prompt.kind == "standup":
            text = t(
                "home.prompts.standup",
                name=prompt.name,
                day=day,
                answered=prompt.answered,
                questions=prompt.questions,
            )
            button = ButtonElement(
                text=t("home.prompts.answer"),
                action_id=ActionId.STANDUP_OPEN_MODAL,
                value=str(prompt.id),
            )
        else:
            text = t("home.prompts.status", name=prompt.name, day=day)
            button = ButtonElement(
                text=t("home.prompts.write"),
                action_id=ActionId.STATUS_REPORT_OPEN,
                value=str(prompt.id),
            )
        blocks.append(SectionBlock(text=clip(text), accessory=button))
    return blocks


def risks_section(data: HomeData) -> list[Any]:
    title = t("home.risks.title", count=data.risks_total)
    if not data.risks:
        return [SectionBlock(text=f"{title}\n{t('home.risks.none')}")]
    blocks: list[Any] = [SectionBlock(text=title)]
    for rating in RATINGS:
        lines = [
            t(
                "home.risks.line",
                ref=f"<{r.link}|{r.ref}>" if r.link else r.ref,
                title=clip(r.title, 200),
                score=r.score,
                review=t("home.risks.review_overdue") if r.review_overdue else "",
            )
            for r in data.risks
            if r.rating == rating
        ]
        if lines:
            label = t("home.risks.rating", rating=rating.capitalize())
            blocks.append(SectionBlock(text=_lines([label, *lines])))
    if data.risks_total > len(data.risks):
        more = t("home.risks.more", count=data.risks_total - len(data.risks))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks


def oncall_section(data: HomeData) -> list[Any]:
    if not data.has_rotations:
        return []
    lines = [t("home.oncall.title")]
    for shift in data.shifts:
        if shift.now and shift.end is not None:
            until = slack_time(shift.end, data.tz)
            lines.append(t("home.oncall.yours_now", rotation=shift.rotation, until=until))
        elif not shift.now:
            start = slack_time(shift.start, data.tz)
            lines.append(t("home.oncall.yours", rotation=shift.rotation, start=start))
    for line in data.on_call:
        user = mention(line.user, t("home.oncall.nobody"))
        if line.until is None:
            lines.append(t("home.oncall.now_open", rotation=line.rotation, user=user))
        else:
            until = slack_time(line.until, data.tz)
            lines.append(t("home.oncall.now", rotation=line.rotation, user=user, until=until))
    return [SectionBlock(text=_lines(lines))]


def metrics_section(data: HomeData) -> list[Any]:
    if not data.metrics:
        return []
    blocks: list[Any] = [SectionBlock(text=t("home.metrics.title"))]
    for m in data.metrics:
        oldest = t("home.metrics.oldest", age=_age(m.oldest_blocker)) if m.blockers else ""
        risk_age = (
            t(
                "home.metrics.risk_age",
                median=_age(m.median_risk_age),
                oldest=_age(m.oldest_risk_age),
            )
            if m.risks_open
            else ""
        )
        text = t(
            "home.metrics.team",
            team=m.team,
            participation=_percent(m.participation),
            on_time=_percent(m.on_time),
            blockers=m.blockers,
            oldest=oldest,
            overdue=m.overdue_reviews,
            mtta=_age(m.mtta),
            risks=m.risks_open,
            risk_age=risk_age,
            kudos=m.kudos,
        )
        blocks.append(SectionBlock(text=clip(text)))
    return blocks


def guide_section(data: HomeData) -> list[Any]:
    """What Tandem does and each command's help: last, the first part cut when space ends."""
    return [
        SectionBlock(text=t("home.intro")),
        *(SectionBlock(text=command_help(command)) for command in COMMANDS),
    ]


# The built-in sections, in the order they are shown; other features' sections (goals,
# kudos) go before the guide.
SECTIONS: tuple[Section, ...] = (
    roles_section,
    actions_section,
    prompts_section,
    risks_section,
    oncall_section,
    metrics_section,
    guide_section,
)


def home_view(data: HomeData, sections: Sequence[Section] = SECTIONS) -> dict[str, Any]:
    """The dashboard: a header, then each section after a divider, within 100 blocks.

    When the sections need more, the view ends with a note where the rest is found.
    """
    blocks: list[Block] = [HeaderBlock(text=t("home.title"))]
    for section in sections:
        part = section(data)
        if part:
            blocks += [DividerBlock(), *part]
    if len(blocks) > MAX_HOME_BLOCKS:
        note = ContextBlock(elements=[MarkdownTextObject(text=t("home.more"))])
        blocks = [*blocks[: MAX_HOME_BLOCKS - 1], note]
    return View(type="home", blocks=blocks).to_dict()


def away_modal() -> dict[str, Any]:
    """The "Away" quick action: first and last day away (both included)."""
    return View(
        type="modal",
        callback_id=CallbackId.HOME_AWAY,
        title=t("home.away.title"),
        submit=t("home.away.submit"),
        close=t("home.away.cancel"),
        blocks=[
            InputBlock(
                block_id=HomeField.FROM,
                label=t("home.away.from"),
                element=DatePickerElement(action_id=HomeField.FROM),
            ),
            InputBlock(
                block_id=HomeField.TO,
                label=t("home.away.to"),
                element=DatePickerElement(action_id=HomeField.TO),
            ),
        ],
    ).to_dict()
