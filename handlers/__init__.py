"""Slack-facing adapters, one module per feature: ack, parse, call a service, render.

`bot.app.slack_app` registers each with the collaborators it uses.
"""
