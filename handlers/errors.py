"""The one error handler: domain errors become ephemeral text, anything else an error id."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from slack_bolt import App
from slack_bolt.context.respond import Respond
from slack_sdk import WebClient

from bot.core.errors import TandemError, UserError
from bot.core.messages import CATALOG, t, usage

log = logging.getLogger(__name__)


def error_text(error: Exception, body: dict[str, Any]) -> str:
    """What the person sees for `error` raised while handling `body`."""
    if isinstance(error, TandemError):
        text = error.render()
        command = body.get("command")
        if (
            isinstance(error, UserError)
            and error.show_usage
            and command
            and "usage." + command.lstrip("/") in CATALOG["en"]
        ):
            text = t("error.usage_suffix", problem=text, usage=usage(command))
        return text
    error_id = uuid.uuid4().hex[:12]
    log.error("unexpected error", exc_info=error, extra={"error_id": error_id})
    return t("error.unexpected", error_id=error_id)


def register(app: App) -> None:
    @app.error
    def on_error(
        error: Exception, body: dict[str, Any], respond: Respond, client: WebClient
    ) -> None:
        text = error_text(error, body)
        if body.get("response_url"):
            respond(text=text, response_type="ephemeral", replace_original=False)
            return
        user = (body.get("user") or {}).get("id") or (body.get("event") or {}).get("user")
        channel = (body.get("channel") or {}).get("id") or (body.get("event") or {}).get("channel")
        if user and channel:
            client.chat_postEphemeral(channel=channel, user=user, text=text)
        elif user:
            client.chat_postMessage(channel=user, text=text)
