"""How kudos read in a team channel: pure text."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import SectionBlock

from bot.core.blocks.text import clip, escape
from bot.core.messages import t


def kudos_post(giver: str, receiver: str, text: str, count: int) -> str:
    """The channel post; `count` is how many kudos `receiver` has had, these included."""
    key = "kudos.post.first" if count == 1 else "kudos.post"
    return t(key, giver=giver, receiver=receiver, text=escape(text), count=count)


def home_blocks(count: int, newest: Sequence[tuple[str, str]]) -> list[Any]:
    """App Home's kudos section: the count and the newest (giver, reason); nothing at zero."""
    if not count:
        return []
    lines = [t("kudos.home.title", count=count)]
    lines += [
        t("kudos.home.line", giver=giver, text=escape(clip(text, 200))) for giver, text in newest
    ]
    return [SectionBlock(text=clip("\n".join(lines)))]
