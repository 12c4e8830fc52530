"""The shared kernel: clock, config, errors, Slack gateway, outbox, workspace, catalog, blocks.

It imports no feature and not `bot.app`.
"""
