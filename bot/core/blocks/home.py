"""The App Home tab."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.views import View

from bot.core.messages import COMMANDS, command_help, t


def home_view() -> dict[str, Any]:
    """What Tandem does and how to use each command."""
    blocks: list[Any] = [
        HeaderBlock(text=t("home.title")),
        SectionBlock(text=t("home.intro")),
        DividerBlock(),
    ]
    blocks += [SectionBlock(text=command_help(command)) for command in COMMANDS]
    return View(type="home", blocks=blocks).to_dict()
