"""App Home: what Tandem does and the commands, published when someone opens the tab."""

from __future__ import annotations

from typing import Any

from bot.core.blocks.home import home_view
from bot.core.slack_gateway import SlackGateway
from handlers.errors import Listeners


def register(app: Listeners, *, gateway: SlackGateway) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        gateway.publish_home(str(event["user"]), home_view())
