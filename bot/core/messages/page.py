"""Copy for /page: anyone pages a person, a rotation, a team's lead or a policy."""

EN = {
    "usage.page": (
        "`/page @user MESSAGE` · `/page rotation:ID MESSAGE` · `/page team:ID MESSAGE` "
        "(its lead) · `/page policy:ID MESSAGE` · `/page help`"
    ),
    "help.page": (
        "*/page pages someone now.* Anyone may page. The page gets its own thread in the "
        "escalations channel and the same Acknowledge / Escalate now / Resolve buttons as "
        "every page; a person, rotation or team lead is paged again every 15 minutes, three "
        "times in all, until someone acknowledges.\n{usage}"
    ),
    "page.malformed": (
        "Say whom to page and why, like `/page rotation:ops-primary Checkout returns 500s`."
    ),
    "page.no_message": (
        "Say what the page is about after `{target}`, like `/page {target} Checkout returns 500s`."
    ),
    "page.bad_target": (
        "`{target}` is not something I can page: give @someone, `rotation:ID`, `team:ID` "
        "(its lead) or `policy:ID`."
    ),
    "page.unknown_team": "There is no team `{team}`. Teams: {known}.",
    "page.unknown_policy": "There is no escalation policy `{policy}`. Policies: {known}.",
    "page.reason": "/page {target}: {message}",
    "page.started": "Paged {target} for *{ref}*. Its thread: {link}",
    "page.nobody": (
        ":warning: {target} resolves to nobody right now, so nobody was paged for *{ref}*; "
        "the escalations channel was asked to pick it up: {link}"
    ),
    "page.started_pending": (
        "Paged {target} for *{ref}*. Its thread in <#{channel}> appears as soon as Slack "
        "takes the post."
    ),
    "page.started_no_thread": (
        "Paged {target} for *{ref}*. tandem.toml names no escalations channel, so the page "
        "has no thread."
    ),
}
