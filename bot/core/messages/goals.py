"""Copy for /goal: shared goals, their updates in the team channels and their lines."""

EN = {
    "usage.goal": (
        "`/goal add TITLE [teams:ID,ID] [target:N] [due:DATE]` · `/goal update G-N value:N` · "
        "`/goal list` · `/goal help`"
    ),
    "help.goal": (
        "*/goal keeps goals that project and ops teams share.* A goal has a metric, a target, "
        "a current value and a due date; updates are posted in every sharing team's channel "
        "and every digest shows the progress. Teams default to yours; any member of a sharing "
        "team (or an admin) may update it.\n{usage}\n"
        "Example: `/goal add Checkout conversion % teams:apollo,ops target:4.5 due:2026-12-31`"
    ),
    "goal.error.no_title": (
        "Give the goal a title, like `/goal add Checkout conversion % target:4.5`."
    ),
    "goal.error.too_long": "The title is {length} characters long; keep it under {limit}.",
    "goal.error.duplicate_key": "`{name}:` is given twice; give it once.",
    "goal.error.empty_value": "`{name}:` needs a value after the colon.",
    "goal.error.unknown_team": "There is no team `{team}`. Teams: {known}.",
    "goal.error.not_a_number": (
        "`{name}:{value}` is not a number; give digits like `{name}:42` or `{name}:7.5`."
    ),
    "goal.error.bad_id": "`{text}` is not a goal id; goal ids look like `G-3`.",
    "goal.error.no_value": "Say the new value, like `/goal update {ref} value:42`.",
    "goal.error.update_extra": (
        "`/goal update` takes a goal id and `value:N` only, like `/goal update G-3 value:42`."
    ),
    "goal.error.no_team": (
        "You are in no team of tandem.toml, so say which teams share the goal with "
        "`teams:ID,ID`. Teams: {known}."
    ),
    "goal.error.not_member_add": (
        "Only members of a sharing team (or admins) may add a goal for {teams}; add one of "
        "your own teams to `teams:`."
    ),
    "goal.error.not_member_update": (
        "Only members of the teams that share *{ref}* ({teams}) or admins may update it."
    ),
    "goal.error.unknown": "There is no goal {ref}. `/goal list` shows your teams' goals.",
    "goal.added": (
        "Added *{ref}* {title}, shared by {teams}. Update it with `/goal update {ref} value:N`."
    ),
    "goal.updated": "Updated *{ref}* {title}:",
    "goal.list.title": "*Shared goals of {teams}* ({count})",
    "goal.list.everyone": "every team",
    "goal.list.empty": "No shared goals for {teams} yet. Add one with `/goal add TITLE`.",
    "goal.line": "*{ref}* {title}: {progress}{due}\n    shared by {teams}",
    "goal.progress": "{bar} ({value} of {target})",
    "goal.progress_no_target": "{value} (no target)",
    "goal.due": " · due {day}",
    "goal.post.added": ":dart: <@{by}> added a shared goal: {line}",
    "goal.post.updated": ":dart: <@{by}> updated *{ref}* from {previous} to {value}: {line}",
    "goal.home.title": "*Your teams' goals* ({count})",
    "goal.home.more": "…and {count} more: `/goal list`",
}
