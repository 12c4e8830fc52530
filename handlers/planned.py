"""Commands the contract reserves for later releases: they answer help and say so."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, Respond

from bot.core.messages import t, usage
from handlers.common import answer, parse_command
from handlers.errors import Listeners

PLANNED = re.compile(r"^/(lesson)$")


def register(app: Listeners) -> None:
    @app.command(PLANNED)
    def on_planned(ack: Ack, body: dict[str, Any], respond: Respond) -> None:
        # Every answer here is a fixed text: it rides in the ack body.
        cmd = parse_command(body)
        if cmd.sub in ("", "help"):
            text = t("help.planned", command=cmd.command, usage=usage(cmd.command))
        else:
            text = t("planned.not_available", command=cmd.command)
        answer(ack, respond, text=text)
