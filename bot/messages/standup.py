"""Copy for stand-ups, status reports and /standup."""

EN = {
    "usage.standup": (
        "`/standup skip [today|DATE]` · `/standup away FROM to TO` · `/standup status` · "
        "`/standup help`"
    ),
    "help.standup": (
        "*/standup manages your stand-ups.* Tandem DMs you the questions at your own local "
        "time; answer right in the DM.\n{usage}"
    ),
    "standup.no_open_prompt": (
        "You have no open stand-up right now, so I didn't store that. I'll DM you when your "
        "next stand-up starts; `/standup status` shows when."
    ),
}
