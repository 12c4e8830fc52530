"""Direct messages to the bot: replies and edits that answer a stand-up or retro prompt.

Bolt runs every `message` listener that matches, so there is exactly one: it parses the
event and hands it to the router in `bot.core.replies`, which picks the prompt it answers.
"""

from __future__ import annotations

from typing import Any

from bot.core.clock import Clock
from bot.core.replies import DirectMessage, ReplyRouter
from handlers.errors import Listeners


def register(app: Listeners, *, replies: ReplyRouter, clock: Clock) -> None:
    @app.event("message")
    def on_message(event: dict[str, Any], body: dict[str, Any]) -> None:
        now = clock.now()
        event_id = str(body.get("event_id") or "")
        if is_person_dm(event):
            dm = DirectMessage(
                str(event["user"]), str(event.get("text") or ""), str(event["ts"]), event_id
            )
            replies.record_dm(dm, now)
        elif is_person_dm_edit(event):
            edited = event["message"]
            dm = DirectMessage(
                str(edited["user"]), str(edited.get("text") or ""), str(edited["ts"]), event_id
            )
            replies.record_edit(dm, now)


def is_person_dm(event: dict[str, Any]) -> bool:
    """A direct message typed by a person: not a bot, not an edit or join or other subtype."""
    return (
        event.get("channel_type") == "im"
        and not event.get("bot_id")
        and not event.get("subtype")
        and bool(event.get("user"))
    )


def is_person_dm_edit(event: dict[str, Any]) -> bool:
    """A person edited one of their direct messages to the bot."""
    edited = event.get("message") or {}
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") == "message_changed"
        and not edited.get("bot_id")
        and not edited.get("subtype")
        and bool(edited.get("user"))
        and bool(edited.get("ts"))
    )
