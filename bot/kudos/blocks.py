"""How kudos read in a team channel: pure text."""

from __future__ import annotations

from bot.core.blocks.text import escape
from bot.core.messages import t


def kudos_post(giver: str, receiver: str, text: str, count: int) -> str:
    """The channel post; `count` is how many kudos `receiver` has had, these included."""
    key = "kudos.post.first" if count == 1 else "kudos.post"
    return t(key, giver=giver, receiver=receiver, text=escape(text), count=count)
