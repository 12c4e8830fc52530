"""Text for /oncall (each rotation's current and next shift, overrides, in the reader's zone)
and the cover request posted in a team channel, with its *Take* button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId, CallbackId, HandoverField
from bot.core.blocks.text import clip, local_time, mention
from bot.core.messages import t
from bot.oncall.rota import OverrideSet, RotationStatus, Shift


class OverrideRow(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def rotation(self) -> str: ...
    @property
    def user(self) -> str: ...
    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime: ...


def _who(shift: Shift, nobody: str) -> str:
    """`<@X>`, with why when X covers for someone away or everybody is away."""
    who = mention(shift.user, nobody)
    if shift.covers:
        return t("oncall.covers_for", user=who, away=mention(shift.covers, nobody))
    if shift.all_away:
        return t("oncall.all_away", user=who)
    return who


def status_text(statuses: Sequence[RotationStatus], tz: ZoneInfo) -> str:
    """One line per rotation: who is on call now and until when, and who comes next."""
    if not statuses:
        return t("oncall.none_configured")
    nobody = t("oncall.nobody")
    lines = []
    for status in statuses:
        current = status.shifts[0]
        now = (
            t("oncall.now", user=_who(current, nobody), until=local_time(current.end, tz))
            if current.end
            else t("oncall.now_open", user=_who(current, nobody))
        )
        if len(status.shifts) > 1:
            shift = status.shifts[1]
            params = {"user": _who(shift, nobody), "start": local_time(shift.start, tz)}
            following = (
                t("oncall.next", end=local_time(shift.end, tz), **params)
                if shift.end
                else t("oncall.next_open", **params)
            )
        else:
            following = t("oncall.no_next")
        lines.append(
            t(
                "oncall.status_line",
                rotation=status.rotation.id,
                team=status.team_name,
                now=now,
                next=following,
            )
        )
    return "\n".join(lines)


def override_text(done: OverrideSet, tz: ZoneInfo) -> str:
    return t(
        "oncall.override_done",
        ref=f"O-{done.id}",
        user=mention(done.user, t("oncall.nobody")),
        rotation=done.rotation,
        start=local_time(done.start, tz),
        end=local_time(done.end, tz),
        previous=mention(done.previous, t("oncall.nobody")),
    )


def override_list_text(rows: Sequence[OverrideRow], rotation: str, tz: ZoneInfo) -> str:
    """One line per override (`O-N`), times in the reader's zone."""
    if not rows:
        return t(
            "oncall.override_list_none_of" if rotation else "oncall.override_list_none",
            rotation=rotation,
        )
    lines = [t("oncall.override_list_header")]
    lines += [
        t(
            "oncall.override_list_line",
            ref=f"O-{row.id}",
            rotation=row.rotation,
            user=mention(row.user, ""),
            start=local_time(row.start, tz),
            end=local_time(row.end, tz),
        )
        for row in rows
    ]
    return "\n".join(lines)


def override_removed_text(row: OverrideRow, tz: ZoneInfo) -> str:
    return t(
        "oncall.override_removed",
        ref=f"O-{row.id}",
        rotation=row.rotation,
        user=mention(row.user, ""),
        start=local_time(row.start, tz),
        end=local_time(row.end, tz),
    )


def _cover_blocks(text: str, note: str) -> list[SectionBlock | ContextBlock]:
    blocks: list[SectionBlock | ContextBlock] = [SectionBlock(block_id="cover", text=text)]
    if note:
        blocks.append(
            ContextBlock(elements=[MarkdownTextObject(text=t("oncall.cover_note", note=note))])
        )
    return blocks


def cover_request_message(
    cover_id: int, rotation: str, requester: str, start: str, end: str, note: str
) -> Message:
    """The request in the team channel: who asks, for when, and a *Take* button (value: id)."""
    text = t("oncall.cover_request", user=requester, rotation=rotation, start=start, end=end)
    take = ButtonElement(
        text=t("oncall.cover_button"),
        action_id=ActionId.ONCALL_COVER_TAKE,
        value=str(cover_id),
        style="primary",
    )
    blocks = [*_cover_blocks(text, note), ActionsBlock(block_id="cover_actions", elements=[take])]
    return Message(text=text, blocks=[block.to_dict() for block in blocks])


def cover_taken_message(
    rotation: str, requester: str, taker: str, start: str, end: str, note: str
) -> Message:
    """The same request once taken: no button, "Taken by @X"."""
    asked = t("oncall.cover_request", user=requester, rotation=rotation, start=start, end=end)
    taken = t("oncall.cover_taken_by", user=taker)
    text = f"{asked}\n{taken}"
    return Message(text=text, blocks=[block.to_dict() for block in _cover_blocks(text, note)])


def calendar_text(links: Sequence[tuple[str, str]], *, absolute: bool) -> str:
    """One private feed link per rotation; a path only when the server's address is unknown."""
    lines = [t("oncall.calendar_link", rotation=rotation, url=url) for rotation, url in links]
    if not absolute:
        lines.append(t("oncall.calendar_no_url"))
    return "\n".join(lines)


def handover_prompt(
    value: str, *, rotation: str, incoming: str | None, at: str
) -> tuple[str, list[dict[str, Any]]]:
    """The outgoing person's DM at a hand-off: what to do, and the *Write hand-over* button
    (its value names the hand-off, `HandoverRef.encode`)."""
    text = t(
        "oncall.handover_prompt",
        rotation=rotation,
        incoming=mention(incoming, t("oncall.nobody")),
        at=at,
    )
    button = ButtonElement(
        text=t("oncall.handover_button"),
        action_id=ActionId.ONCALL_HANDOVER,
        value=value,
        style="primary",
    )
    blocks: list[Block] = [
        SectionBlock(block_id="handover", text=text),
        ActionsBlock(block_id="handover_actions", elements=[button]),
    ]
    return text, [b.to_dict() for b in blocks]


def handover_modal(
    value: str,
    *,
    rotation: str,
    incoming: str | None,
    pages: Sequence[str],
    risks: Sequence[str],
) -> dict[str, Any]:
    """The hand-over form: the open pages and severe risks it will include, and the notes."""
    none = t("oncall.handover_none")
    listed = {
        "pages": "\n".join(f"• {line}" for line in pages) or none,
        "risks": "\n".join(f"• {line}" for line in risks) or none,
    }
    blocks: list[Block] = [
        SectionBlock(
            text=t(
                "oncall.handover_modal_intro",
                rotation=rotation,
                incoming=mention(incoming, t("oncall.nobody")),
            )
        ),
        SectionBlock(block_id="handover_pages", text=clip(t("oncall.handover_pages", **listed))),
        SectionBlock(block_id="handover_risks", text=clip(t("oncall.handover_risks", **listed))),
        InputBlock(
            block_id=HandoverField.NOTES,
            label=t("oncall.handover_notes"),
            element=PlainTextInputElement(
                action_id=HandoverField.NOTES,
                multiline=True,
                max_length=3000,
                placeholder=t("oncall.handover_notes_hint"),
            ),
        ),
    ]
    return View(
        type="modal",
        callback_id=CallbackId.ONCALL_HANDOVER,
        private_metadata=value,
        title=t("oncall.handover_modal_title"),
        submit=t("oncall.handover_modal_submit"),
        close=t("oncall.handover_modal_close"),
        blocks=blocks,
    ).to_dict()
