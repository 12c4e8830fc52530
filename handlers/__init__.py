"""Slack-facing adapters: parse the payload, call a service, render. Nothing else."""

from __future__ import annotations

from slack_bolt import App

from bot.app.container import Services
from handlers import digest, errors, escalation, home, oncall, planned, risk, standup


def register(app: App, services: Services) -> None:
    for module in (errors, home, standup, risk, oncall, escalation, digest, planned):
        module.register(app, services)
