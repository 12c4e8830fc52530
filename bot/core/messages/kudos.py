"""Copy for /kudos: thanking someone in a team channel, and the refusals."""

EN = {
    "usage.kudos": "`/kudos @user for WHAT` · `/kudos help`",
    "help.kudos": (
        "*/kudos thanks someone where their team can see it.* The kudos are posted in your "
        "team's channel (or theirs, if you are in no team), counted per person, and the "
        "weekly digest recognises the week's kudos across project and ops teams.\n{usage}\n"
        "Example: `/kudos @dana for staying on the bridge until the failover finished`"
    ),
    "kudos.error.no_user": (
        "Say whom to thank first, like `/kudos @dana for fixing the pager rota`."
    ),
    "kudos.error.no_reason": (
        "Say what the kudos are for, like `/kudos {user} for fixing the build`."
    ),
    "kudos.error.self": (
        "That is kind, but kudos are for thanking someone else. Who helped you lately? "
        "`/kudos @teammate for …`"
    ),
    "kudos.error.bot": "<@{user}> is a bot; kudos are for people. Thank the person behind it.",
    "kudos.error.no_channel": (
        "Neither you nor <@{user}> is in a team of tandem.toml, so there is no team channel to "
        "post the kudos in. Ask an admin to add one of you to a team."
    ),
    "kudos.error.too_long": "The reason is {length} characters long; keep it under {limit}.",
    "kudos.posted": "Your kudos for <@{user}> are in <#{channel}>.",
    "kudos.post": (
        ":clap: <@{giver}> gave kudos to <@{receiver}> for {text}\n"
        "_That makes {count} for <@{receiver}>._"
    ),
    "kudos.post.first": (
        ":clap: <@{giver}> gave kudos to <@{receiver}> for {text}\n_Their first kudos!_"
    ),
    "kudos.home.title": "*Kudos you received* ({count} in the last 90 days)",
    "kudos.home.line": "• from <@{giver}>: {text}",
}
