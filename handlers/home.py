"""App Home: what Tandem does and the commands, published when someone opens the tab."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.app.container import Services
from bot.core.blocks.home import home_view


def register(app: App, services: Services) -> None:
    @app.event("app_home_opened")
    def on_home_opened(event: dict[str, Any]) -> None:
        if event.get("tab", "home") != "home":
            return
        services.gateway.publish_home(str(event["user"]), home_view())
