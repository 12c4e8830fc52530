"""Copy shared by every part of Tandem: generic errors, help texts, dates."""

EN = {
    "error.unexpected": (
        "Something went wrong on our side (error id `{error_id}`). Nothing was changed. "
        "An admin can find the details in Tandem's log under that id."
    ),
    "error.usage_suffix": "{problem}\nUsage: {usage}",
    "error.date_unparsed": (
        '"{text}" is not a date I understand. Try "tomorrow", "next friday 5pm" or "2026-12-01".'
    ),
    "error.date_past": '"{text}" is in the past ({when}). Give a date from now on.',
    "error.unknown_subcommand": "`{command} {sub}` is not a command I know.",
    "error.too_long": "{field} is {length} characters long; keep it under {limit}.",
    # What error.too_long's {field} names
    "field.command": "The command",
    "field.message": "The message",
    "field.notes": "The notes",
    "error.user_deactivated": "<@{user}> is deactivated in this workspace; pick someone active.",
    "error.user_unknown": "I can't find user {user} in this workspace.",
    "error.bad_timezone": '"{tz}" is not a time zone name; use one like "Europe/Berlin".',
    "error.forbidden_admin": "Only Tandem admins can do that. Admins are listed in tandem.toml.",
    "slack.send_failed": (
        "Tandem could not deliver a message to {target}: Slack answered `{error}`. "
        "Key `{key}`; it will not be retried."
    ),
    "slack.send_delayed": (
        "Tandem is still trying to deliver a message to {target}: Slack keeps answering "
        "`{error}`. Key `{key}`; retrying with back-off."
    ),
    "home.title": "Tandem",
    "home.intro": (
        "Tandem keeps project and operations teams in step: stand-ups at your own local time, "
        "a risk register with a thread per risk, on-call escalation until someone "
        "acknowledges, and one merged digest."
    ),
    "time.late_marker": "(late)",
    # Durations (bot.core.blocks.text.duration): "45s", "12m", "2h 5m", "3d 4h".
    "duration.seconds": "{n}s",
    "duration.minutes": "{n}m",
    "duration.hours": "{n}h",
    "duration.days": "{n}d",
    "duration.pair": "{larger} {smaller}",
}
