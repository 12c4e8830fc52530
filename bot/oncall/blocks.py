"""Text for /oncall (each rotation's current and next shift, overrides, in the reader's zone)
and the cover request posted in a team channel, with its *Take* button."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.core.blocks import Message
from bot.core.blocks.ids import ActionId
from bot.core.blocks.text import local_time, mention
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
